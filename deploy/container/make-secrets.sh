#!/bin/sh
# Makes the secret files compose.yaml mounts (run once, from the repository root):
#   deploy/container/make-secrets.sh [DIR]        (DIR defaults to ./secrets)
# Existing files are kept, so running it again never replaces a key in use. Each file is mode
# 0444 (the containers run as unprivileged users and must read them) inside a 0700 directory (no
# other host user can reach them). Back the directory up: without credentials_encryption_key the
# stored Twilio secrets cannot be decrypted.
set -eu
dir=${1:-secrets}
umask 077
mkdir -p "$dir"
chmod 0700 "$dir"

random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

write() {
  if [ -e "$dir/$1" ]; then
    echo "kept    $dir/$1"
    return
  fi
  printf '%s\n' "$2" > "$dir/$1"
  chmod 0444 "$dir/$1"
  echo "created $dir/$1"
}

# 32 random bytes, base64 (CREDENTIALS_ENCRYPTION_KEY).
write credentials_encryption_key "$(random_base64 32)"
write metrics_token "$(random_hex 32)"

if [ -e "$dir/mongo_root_password" ]; then mongo_password=$(cat "$dir/mongo_root_password"); else mongo_password=$(random_hex 24); fi
write mongo_root_password "$mongo_password"
write mongodb_uri "mongodb://twilio:${mongo_password}@mongo:27017/twilio_config?authSource=admin"

if [ -e "$dir/redis.conf" ]; then redis_password=$(sed -n 's/^requirepass //p' "$dir/redis.conf"); else redis_password=$(random_hex 24); fi
# Redis holds only rate-limit counters and cache-invalidation messages: nothing to persist.
write redis.conf "requirepass ${redis_password}
save \"\"
appendonly no"
write redis_url "redis://:${redis_password}@redis:6379/0"
