#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Certificates astcert renews by itself renew only while the systemd timer
# runs 'astcert renew': status says when it is missing or off and what to
# run, and --json names its state.  The unit files are the test's own
# (ASTCERT_SYSTEMD_DIR), never the host's.
. "$top_srcdir/tests/lib.sh"

KEYS=$T_TMP/keys
mkdir -p "$KEYS" "$ASTCERT_SYSTEMD_DIR"
ac status
check_fails "nothing managed: no word on the timer" grep -q 'timer' "$T_TMP/out"

ac selfsigned --dns pbx.example.com --out "$KEYS"
check_eq "a self-signed certificate (renewed by astcert)" 0 "$T_RC"
ac status
check_match "no unit: status says none is installed and what to run" \
	'^No renewal timer is installed: .*.make install.*.systemctl enable --now astcert-renew\.timer.' \
	"$(tail -n 1 "$T_TMP/out")"
ac status --json
check_match "--json: the timer is missing" '"timer": "missing"' "$AC_OUT"

cp "$top_srcdir/data/astcert-renew.timer" "$ASTCERT_SYSTEMD_DIR/"
ac status
check_match "the unit installed, not enabled: off, and the command" \
	'^The renewal timer is off: .*.systemctl enable --now astcert-renew\.timer.' \
	"$(tail -n 1 "$T_TMP/out")"
ac status --json
check_match "--json: off" '"timer": "off"' "$AC_OUT"

# what systemctl enable makes: a link in timers.target.wants
mkdir -p "$ASTCERT_SYSTEMD_DIR/timers.target.wants"
ln -s ../astcert-renew.timer "$ASTCERT_SYSTEMD_DIR/timers.target.wants/astcert-renew.timer"
ac status
check_fails "enabled: status says nothing of it" grep -qi 'timer' "$T_TMP/out"
ac status --json
check_match "--json: on" '"timer": "on"' "$AC_OUT"

# no timer, but cron runs astcert renew (under a root of the test's own:
# the host's crontabs are never read by a test)
mkdir -p "$T_TMP/root/etc/cron.d"
printf '# 0 4 * * * root astcert renew\n' >"$T_TMP/root/etc/cron.d/astcert"
ASTCERT_ROOT=$T_TMP/root ASTCERT_SYSTEMD_DIR= ac status --json
check_match "a commented crontab line runs nothing" '"timer": "missing"' "$AC_OUT"
printf '17 3,15 * * * root /usr/bin/astcert renew\n' >"$T_TMP/root/etc/cron.d/astcert"
ASTCERT_ROOT=$T_TMP/root ASTCERT_SYSTEMD_DIR= ac status --json
check_match "cron runs astcert renew: --json says cron" '"timer": "cron"' "$AC_OUT"
ASTCERT_ROOT=$T_TMP/root ASTCERT_SYSTEMD_DIR= ac status
check_fails "... and status says nothing of a timer" grep -qi 'timer' "$T_TMP/out"
ln -sf /etc/passwd "$T_TMP/root/etc/cron.d/astcert"
ASTCERT_ROOT=$T_TMP/root ASTCERT_SYSTEMD_DIR= ac status --json
check_match "a crontab that is a link is not read" '"timer": "missing"' "$AC_OUT"
finish
