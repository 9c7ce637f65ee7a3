#!/bin/sh
# Writes the console's runtime configuration (/config.json, read by the console when it starts)
# from the environment, then runs nginx. The variables are the API's own names, so one set of
# values configures both (docs/operations/deploy.md):
#   AUTH0_ISSUER_URL or AUTH0_DOMAIN  the Auth0 tenant (https://tenant.eu.auth0.com/ or tenant.eu.auth0.com)
#   AUTH0_CLIENT_ID                   the console's Auth0 application (single-page app)
#   AUTH0_AUDIENCE                    the API identifier
#   PUBLIC_BASE_URL or API_ORIGIN     the API's public origin (the only origin that receives tokens)
#   AUTH0_ROLES_CLAIM, AUTH0_ORG_CLAIM, SESSION_MAX_HOURS   optional, as the API is configured
#   PORT                              the port nginx listens on (default 8080)
set -eu

fail() {
  echo "console: $1" >&2
  exit 1
}

# A JSON string; refuses what has no place in these values (quotes, backslashes, control characters).
json_string() {
  case "$2" in
    *[\"\\]* | *[[:cntrl:]]*) fail "$1 contains a character not allowed in it" ;;
  esac
  printf '"%s"' "$2"
}

required() {
  eval "value=\${$1:-}"
  [ -n "$value" ] || fail "$1 is required"
  printf '%s' "$value"
}

domain=${AUTH0_DOMAIN:-${AUTH0_ISSUER_URL:-}}
[ -n "$domain" ] || fail "AUTH0_ISSUER_URL (or AUTH0_DOMAIN) is required"
domain=${domain%/}
api_origin=${API_ORIGIN:-${PUBLIC_BASE_URL:-}}
[ -n "$api_origin" ] || fail "PUBLIC_BASE_URL (or API_ORIGIN) is required"
case "$api_origin" in http://* | https://*) ;; *) fail "PUBLIC_BASE_URL must be an http(s) URL" ;; esac
client_id=$(required AUTH0_CLIENT_ID)
audience=$(required AUTH0_AUDIENCE)
port=${PORT:-8080}
case "$port" in '' | *[!0-9]*) fail "PORT must be a number" ;; esac

mkdir -p /tmp/console
config="{\"auth0Domain\":$(json_string AUTH0_ISSUER_URL "$domain")"
config="$config,\"auth0ClientId\":$(json_string AUTH0_CLIENT_ID "$client_id")"
config="$config,\"auth0Audience\":$(json_string AUTH0_AUDIENCE "$audience")"
config="$config,\"apiOrigin\":$(json_string PUBLIC_BASE_URL "$api_origin")"
if [ -n "${AUTH0_ROLES_CLAIM:-}" ]; then config="$config,\"rolesClaim\":$(json_string AUTH0_ROLES_CLAIM "$AUTH0_ROLES_CLAIM")"; fi
if [ -n "${AUTH0_ORG_CLAIM:-}" ]; then config="$config,\"orgClaim\":$(json_string AUTH0_ORG_CLAIM "$AUTH0_ORG_CLAIM")"; fi
if [ -n "${SESSION_MAX_HOURS:-}" ]; then
  case "$SESSION_MAX_HOURS" in *[!0-9]*) fail "SESSION_MAX_HOURS must be a whole number of hours" ;; esac
  config="$config,\"sessionMaxHours\":$SESSION_MAX_HOURS"
fi
printf '%s}\n' "$config" > /tmp/console/config.json.new
mv /tmp/console/config.json.new /tmp/console/config.json
printf 'listen %s;\n' "$port" > /tmp/console/nginx-listen.conf

exec "$@"
