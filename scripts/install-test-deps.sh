#!/usr/bin/env bash
# Installs what the tests need on a Debian machine, idempotently: Mosquitto (broker, passwd tool,
# clients), Debian's Chromium (Playwright drives it; no browser is ever downloaded), openssl
# (test TLS certificate), nginx (serves the deploy/nginx.conf example in a test), HAProxy (in
# front of a two-node Mosquitto cluster in the failover test), RabbitMQ (a second broker family:
# the tests run a private instance with its Web MQTT plugin), then the npm dependencies. Safe to run again: it skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive

log() { printf 'test-deps: %s\n' "$*"; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		# -n: never wait for a password (CI has no stdin); fail loudly instead.
		sudo -n "$@"
	else
		log "need root to run: $* (install these packages yourself)"
		return 1
	fi
}

is_installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]
}

packages=(mosquitto mosquitto-clients chromium openssl nginx haproxy rabbitmq-server)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
	for pkg in "${packages[@]}"; do
		is_installed "$pkg" || missing+=("$pkg")
	done
else
	log 'no dpkg: not a Debian machine, checking commands only'
	for cmd in mosquitto mosquitto_passwd chromium openssl nginx haproxy; do
		command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || {
			log "missing $cmd; install it with your package manager"
			exit 1
		}
	done
	[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || [ -n "${RABBITMQ_SERVER_BIN:-}" ] || {
		log 'missing RabbitMQ (rabbitmq-server); install it, or set RABBITMQ_SERVER_BIN'
		exit 1
	}
fi

if [ "${#missing[@]}" -gt 0 ]; then
	log "installing ${missing[*]}"
	as_root apt-get update
	as_root apt-get install -y --no-install-recommends "${missing[@]}"
	# The tests start their own nginx, HAProxy and RabbitMQ (private ports, data, epmd and
	# cookie) on free loopback ports; the packaged services are not needed.
	for service in nginx haproxy rabbitmq-server; do
		if [[ " ${missing[*]} " == *" $service "* ]]; then
			if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
				as_root systemctl disable --now "$service" >/dev/null 2>&1 || true
			elif command -v service >/dev/null 2>&1; then
				as_root service "$service" stop >/dev/null 2>&1 || true
			fi
		fi
	done
	if [[ " ${missing[*]} " == *' mosquitto '* ]]; then
		# The tests start their own brokers on free ports, so the packaged service is not needed;
		# where an init system started it on 1883, stop it so it does not linger. Containers
		# usually have neither systemd nor a started service: every step here may fail quietly.
		if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
			as_root systemctl disable --now mosquitto >/dev/null 2>&1 || true
		elif command -v service >/dev/null 2>&1; then
			as_root service mosquitto stop >/dev/null 2>&1 || true
		fi
	fi
else
	log "system packages present: ${packages[*]}"
fi

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
	log "Node.js >= 20.19 is required (found: $(node -v 2>/dev/null || echo none))"
	exit 1
fi

# npm ci wipes node_modules; skip it when the installed tree is newer than the lockfile.
if [ -f package-lock.json ]; then
	if [ -z "${FORCE_NPM_INSTALL:-}" ] && [ -f node_modules/.package-lock.json ] &&
		[ node_modules/.package-lock.json -nt package-lock.json ]; then
		log 'node_modules up to date with package-lock.json'
	else
		log 'npm ci'
		npm ci --no-audit --no-fund
	fi
else
	log 'no package-lock.json: npm install'
	npm install --no-audit --no-fund
fi
log 'done'
