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

finish
