"""Interchange: REFI-QDA projects (.qdpx/.qde) and codebooks (.qdc) in and out, bulk codings.

The REFI-QDA 1.5 standard (QDA-XML 1.0) is how NVivo, ATLAS.ti, MAXQDA and QualCoder exchange
projects. Files from other tools are untrusted input: archives are read with size and path
limits (`archive`), XML with defusedxml and checked against the bundled XSDs (`qdaxml`), and an
import is one transaction that either lands whole or leaves the project as it was.
"""
