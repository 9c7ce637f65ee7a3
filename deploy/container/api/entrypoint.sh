#!/bin/sh
# Secrets from files: for every VARIABLE_FILE=/path in the environment, VARIABLE is set to the
# file's content (trailing newlines dropped) and VARIABLE_FILE removed, the convention of compose
# and podman secrets (mounted under /run/secrets). Then the command runs in this process's place.
# The API itself only ever reads plain variables (backend/src/config/environment.ts).
set -eu

for name in $(env | sed -n 's/^\([A-Z][A-Z0-9_]*\)_FILE=.*/\1/p'); do
  eval "file=\${${name}_FILE}"
  if eval "[ -n \"\${${name}+set}\" ]"; then
    echo "entrypoint: both ${name} and ${name}_FILE are set; set only one" >&2
    exit 1
  fi
  if [ ! -r "$file" ]; then
    echo "entrypoint: ${name}_FILE names ${file}, which cannot be read" >&2
    exit 1
  fi
  value=$(cat "$file")
  export "${name}=${value}"
  unset "${name}_FILE"
done

exec "$@"
