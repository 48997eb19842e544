#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's first screen, exactly as a newcomer sees it at 80x24.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# the welcome screen, exactly
wizard "dump
F10"
check_eq "F10 on the welcome screen quits with 0" 0 "$T_RC"
expected=" astcert — step 1 of 9: Welcome

  astcert secures this Asterisk server's SIP over TLS and its SRTP media with
  a certificate.

  It asks for the server's names and a few details, checks them, makes or
  obtains the certificate, and installs it where Asterisk reads it, with the
  right owner and permissions. Nothing is written before the review screen,
  and going back with Esc never loses what you typed.

  Press Enter to begin, F1 for help on any screen.












 F1/^G Help  Enter Begin  F10/^X Quit"
check_eq "the welcome screen" "$expected" "$(screen 1)"

# with a certificate astcert renews by itself, and no timer to renew it
mkdir -p "$T_TMP/keys" "$ASTCERT_SYSTEMD_DIR"
ac selfsigned --dns pbx.example.com --out "$T_TMP/keys"
check_eq "a managed self-signed certificate" 0 "$T_RC"
wizard "dump
F10"
check_match "the welcome list shows it" '^    pbx\.example\.com +[0-9]+ days left$' "$(screen 1)"
check_shown "... and says nothing renews it yet, and what to run" \
	"No renewal timer is installed: nothing renews by itself until astcert is installed ('make install') and 'systemctl enable --now astcert-renew.timer' turns its timer on." \
	"$(screen 1)"
cp "$top_srcdir/data/astcert-renew.timer" "$ASTCERT_SYSTEMD_DIR/"
mkdir -p "$ASTCERT_SYSTEMD_DIR/timers.target.wants"
ln -s ../astcert-renew.timer "$ASTCERT_SYSTEMD_DIR/timers.target.wants/"
wizard "dump
F10"
check_fails "the timer on: no word of it" grep -qi 'timer' <<<"$(screen 1)"

finish
