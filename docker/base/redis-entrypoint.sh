#!/bin/bash
# redis-server [options]: as the redis user, listening on every interface without protected mode
# (what the official redis image does); anything else runs as given.
set -e
if [[ "${1:-}" == redis-server ]]; then
  shift
  chown -R redis:redis /data 2>/dev/null || true
  exec setpriv --reuid=redis --regid=redis --init-groups \
    redis-server --bind '* -::*' --protected-mode no --dir /data "$@"
fi
exec "$@"
