#!/usr/bin/env bash
# Installs what the browser tests need (tests/browser/, docs/quality.md):
# Debian's Chromium and ChromeDriver, Java for the Nu Html Checker, and the
# npm packages pinned in tests/browser/package-lock.json. Run as root (or
# with sudo for apt-get). CI runs it from .ci/run.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# Not for the browser: the smoke test of the benchmark generator
# (tests/testsuite/bench_smoke.rs) runs benches/gen.py.
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $(node --version) is too old: the browser tests need Node.js 20 or later" >&2
  exit 1
fi

echo "== npm ci (tests/browser)"
# --ignore-scripts: vnu-jar's postinstall would look for a Java to download;
# the machine's own Java is used instead.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

/usr/bin/chromium --version
java -version 2>&1 | head -1
echo "node $(node --version)"
