#!/usr/bin/env bash
# Installs a real VS Code (code-server, the browser build of VS Code) plus Debian's Chromium and
# playwright-core, using only the npm registry and Debian's packages (no other downloads).
# Extensions can then be installed from a .vsix and driven end to end in headless Chromium.
#
#   install.sh [DEST]        DEST defaults to $VSCODE_WEB_DIR, else $HOME/.cache/vscode-web;
#                            re-running is a no-op once DEST/.installed-VERSION exists
#
# Afterwards:
#   node "$DEST/node_modules/code-server/out/node/entry.js" --bind-addr 127.0.0.1:PORT --auth none \
#        --disable-telemetry --disable-update-check --user-data-dir UD --extensions-dir EXT \
#        [--install-extension my.vsix] FOLDER
#   Chromium: /usr/bin/chromium (playwright-core: chromium.launch({executablePath: '/usr/bin/chromium',
#   args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run',
#          '--disable-background-networking','--disable-component-update','--disable-sync']}))
#   playwright-core is importable from "$DEST/node_modules/playwright-core".
#
# Why each step (code-server 4.96.4 = VS Code 1.96, needs Node 20):
#  - its VS Code lockfile pins @vscode/proxy-agent to a git URL: repointed to the same version on npm;
#  - @vscode/ripgrep downloads rg from GitHub at install: Debian's ripgrep is linked in instead;
#  - kerberos needs libkrb5-dev to compile; other native modules compile with node-gyp here;
#  - as root, npm needs npm_config_unsafe_perm=true for code-server's own scripts.
set -euo pipefail
DEST=${1:-${VSCODE_WEB_DIR:-$HOME/.cache/vscode-web}}
VERSION=4.96.4
PLAYWRIGHT=1.57.0
STAMP="$DEST/.installed-$VERSION"
[ -f "$STAMP" ] && { echo "vscode-web: already installed in $DEST"; exit 0; }

need=()
for p in libkrb5-dev ripgrep chromium; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  # Not root: go through sudo when it exists, otherwise say exactly what is missing.
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "vscode-web: missing Debian packages: ${need[*]} (install them as root)" >&2; exit 1; }
    SUDO=sudo
  fi
  echo "vscode-web: installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "vscode-web: installing code-server $VERSION into $DEST (takes a few minutes: native modules compile)"

export npm_config_unsafe_perm=true npm_config_audit=false npm_config_fund=false
mkdir -p "$DEST" && cd "$DEST"
[ -f package.json ] || echo '{"name":"vscode-web","private":true}' > package.json
npm install --ignore-scripts --no-save=false "code-server@$VERSION" "playwright-core@$PLAYWRIGHT" >/dev/null
npm rebuild argon2 >/dev/null

VS="$DEST/node_modules/code-server/lib/vscode"
cd "$VS"
node -e '
const fs=require("fs"),p="npm-shrinkwrap.json",d=JSON.parse(fs.readFileSync(p));
const e=d.packages["node_modules/@vscode/proxy-agent"];
if(e&&String(e.resolved).startsWith("git")){e.resolved=`https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${e.version}.tgz`;delete e.integrity;}
fs.writeFileSync(p,JSON.stringify(d,null,2));'
npm install --omit=dev --ignore-scripts >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
for m in $(node -e 'const l=require("./npm-shrinkwrap.json").packages;for(const[k,v] of Object.entries(l)){if(v.hasInstallScript&&!k.includes("ripgrep")&&!k.includes("windows"))console.log(k.replace(/^node_modules\//,""))}'); do
  npm rebuild "$m" >/dev/null
done
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts >/dev/null)
touch "$STAMP"
echo "vscode-web: installed code-server $VERSION in $DEST"
