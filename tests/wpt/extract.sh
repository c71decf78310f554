#!/usr/bin/env bash
# Lays out the part of web-platform-tests the conformance harness runs, at the pinned commit, in tests/wpt/upstream
# (or the folder given second). The first argument is a clone of web-platform-tests/wpt (a work tree or a bare git
# directory) that has the pinned commit. Nothing is downloaded; the tree is not committed (see README.md).
set -euo pipefail
commit=ec70c4d2030e56f22b08901bdf742db55c13c77d
paths=(LICENSE.md resources common dom html/semantics/forms html/semantics/popovers/resources html/resources url css/support)
if [ $# -lt 1 ]; then
  echo "usage: $0 <wpt clone or git directory> [target folder]" >&2
  exit 2
fi
source=$1
target=${2:-"$(cd "$(dirname "$0")" && pwd)/upstream"}
if git -C "$source" rev-parse --is-bare-repository >/dev/null 2>&1; then
  git_dir=$(git -C "$source" rev-parse --absolute-git-dir)
else
  echo "$source is not a git clone of web-platform-tests/wpt" >&2
  exit 2
fi
git -c gc.auto=0 --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null || { echo "$source does not have commit $commit" >&2; exit 2; }
rm -rf "$target"
mkdir -p "$target"
git -c gc.auto=0 --git-dir="$git_dir" archive --format=tar "$commit" "${paths[@]}" | tar -x -C "$target"
echo "$commit" > "$target/WPT_COMMIT"
echo "extracted $(find "$target" -type f | wc -l) files of web-platform-tests at $commit into $target"
