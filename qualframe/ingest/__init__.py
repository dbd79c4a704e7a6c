"""Transcript readers: bytes on disk to stored text, speaker turns and metadata."""
