#!/usr/bin/env bash
# Render chart and transcript exports to PNG pages, to look at them as a supervisor would print
# them: xlsx and docx through LibreOffice to PDF, html through Chromium's print to PDF, then
# every PDF page to a PNG with pdftoppm. For looking only; no test depends on it.
#
#   scripts/render_exports.sh OUT_DIR FILE.xlsx|.docx|.html|.pdf ...
#
# Needs: libreoffice-writer libreoffice-calc chromium poppler-utils (apt).
set -euo pipefail
out=$1
shift
mkdir -p "$out"
for file in "$@"; do
    name=$(basename "$file")
    pdf="$out/$name.pdf"
    case "$file" in
        *.xlsx | *.docx)
            work=$(mktemp -d)
            soffice --headless -env:UserInstallation="file://$work/profile" \
                --convert-to pdf --outdir "$work" "$file" >/dev/null
            mv "$work/${name%.*}.pdf" "$pdf"
            rm -rf "$work"
            ;;
        *.html)
            chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
                --print-to-pdf="$pdf" "file://$(realpath "$file")" 2>/dev/null
            ;;
        *.pdf) cp "$file" "$pdf" ;;
        *) echo "skipped $file (not xlsx, docx, html or pdf)" >&2; continue ;;
    esac
    pdftoppm -r "${DPI:-70}" -png "$pdf" "$out/$name"
    echo "$file: $(ls "$out/$name"-*.png | wc -l) page(s) in $out"
done
