#!/usr/bin/env bash
# Checks that every relative link and image of the given Markdown files (default: docs/BENCHMARKS.md)
# resolves: the file or folder exists relative to the Markdown file, and a #fragment names a heading of the
# file it points into (GitHub's heading ids: lower case, punctuation dropped, spaces as hyphens). Links with
# a scheme (https:, mailto:) are not checked. Prints one line per broken link and exits 1 when there is any.
#
#   docs/bench/check-links.sh [file.md ...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
(( $# > 0 )) || set -- "$root/docs/BENCHMARKS.md"

# The ids GitHub gives the headings of a Markdown file, one a line. Code blocks are skipped: a "# comment"
# in a shell block is not a heading.
heading_ids() {
  awk '/^```/ { code = !code; next } !code && /^#{1,6} / { sub(/^#+ +/, ""); print }' "$1" \
    | tr '[:upper:]' '[:lower:]' \
    | sed -e 's/[^a-z0-9 _-]//g' -e 's/ /-/g'
}

broken=0
checked=0
for md in "$@"; do
  dir="$(dirname "$md")"
  # Every "](target)" of the file, code spans and blocks included (a link there is still worth keeping
  # right); a title after the target ("](a.svg "title")") is cut off.
  while IFS=: read -r line target; do
    target="${target%% *}"
    [[ "$target" =~ ^[a-zA-Z][a-zA-Z0-9+.-]*: ]] && continue
    checked=$((checked + 1))
    path="${target%%#*}"
    fragment=""
    [[ "$target" == *"#"* ]] && fragment="${target#*#}"
    file="$md"
    if [[ -n "$path" ]]; then
      file="$dir/$path"
      if [[ ! -e "$file" ]]; then
        echo "$md:$line: $target: no such file or folder" >&2
        broken=$((broken + 1))
        continue
      fi
    fi
    if [[ -n "$fragment" ]] && ! heading_ids "$file" | grep -qxF -- "$fragment"; then
      echo "$md:$line: $target: no heading with the id '$fragment' in $file" >&2
      broken=$((broken + 1))
    fi
  done < <(grep -no '](\([^)]*\))' "$md" | sed -e 's/:](/:/' -e 's/)$//')
done

if (( broken > 0 )); then
  echo "$broken of $checked links broken" >&2
  exit 1
fi
echo "$checked links checked, all resolve"
