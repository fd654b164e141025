#!/bin/sh
# The README's pictures of Neovim: runs the screen tests of tests/editors/test_nvim_e2e.py
# (headless Neovim with a UI attached through `nvim --embed`, see screen.lua), which leave
# the screens in test-artifacts/, and copies them to docs/images/:
#   nvim-cost.{txt,png}   :DdbCostReport on examples/shop.ddb.yaml
#   nvim-hover.{txt,png}  the hover of the access pattern recent-orders
# The PNGs need Chromium (apt-get install chromium, or DDB_ARCHITECT_CHROMIUM).
# Usage, from the repository root: tests/editors/nvim/screenshot.sh [PYTHON]
# (default .venv/bin/python, an environment with the test extra installed).
set -eu
PYTHON=${1:-.venv/bin/python}
rm -f test-artifacts/nvim-cost.* test-artifacts/nvim-hover.*
DDB_ARCHITECT_REQUIRE_EDITORS=1 "$PYTHON" -m pytest -q -p no:cacheprovider \
  tests/editors/test_nvim_e2e.py -k test_the_screen_shows_the_float
mkdir -p docs/images
for shot in cost hover; do
  cp "test-artifacts/nvim-$shot.txt" "docs/images/nvim-$shot.txt"
  if [ -f "test-artifacts/nvim-$shot.png" ]; then
    cp "test-artifacts/nvim-$shot.png" "docs/images/nvim-$shot.png"
  else
    echo "no Chromium: docs/images/nvim-$shot.png is left as it was" >&2
  fi
done
ls -l docs/images/nvim-*
