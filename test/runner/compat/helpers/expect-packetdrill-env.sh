#!/bin/sh
# Called by relative path from a script's command: it is found only if commands
# run from the script's own directory. It checks the environment packetdrill
# gives its commands: PACKETDRILL_PID is the tester, which is also their parent.
[ -n "$PACKETDRILL_PID" ] || { echo "PACKETDRILL_PID is not set" >&2; exit 1; }
[ "$PACKETDRILL_PID" = "$1" ] || { echo "PACKETDRILL_PID=$PACKETDRILL_PID but the shell's parent is $1" >&2; exit 1; }
