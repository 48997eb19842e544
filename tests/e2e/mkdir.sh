#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A key directory that is not there yet is offered for creation, not
# refused: the first Continue says so and how it will be made, the second
# makes it as Asterisk needs it (root:GROUP 0750) and the install goes on.
. "$top_srcdir/tests/lib.sh"

export ASTCERT_DATA_DIR=$top_srcdir/data
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
flat() { screen "$1" | tr -s ' \n' ' '; }
title() { screen "$1" | sed -n '1s/^ astcert — //p'; }
if [ "$(id -u)" = 0 ]; then owner=root:nogroup
else owner="$(id -un):$(id -gn)"; fi
group=${owner#*:}
dir=$T_TMP/etc/asterisk/keys
cat >"$T_TMP/answers.conf" <<END
kind = "selfsigned";
dns = [ "pbx.example.com" ];
install = { out = "$dir"; owner = "$owner"; deploy = false; };
END
# welcome, path, two names, six subject fields, key and validity, four
# install fields: Continue on the install screen
printf 'Enter\n%.0s' $(seq 16) >"$T_TMP/script"
printf '%s\n' dump Enter dump Enter wait dump Enter >>"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_eq "installed: status 0" 0 "$T_RC"
check_eq "the first Continue stays on the install screen" "step 6 of 9: Install" "$(title 1)"
# (spaces and line breaks aside: a deep directory wraps anywhere)
offer=$(printf '%s' "$dir does not exist: create it as Asterisk needs it ($(id -un):$group, mode 0750) by pressing Enter again" | tr -d ' \n')
check "... offering to create the directory, and how" \
	grep -qF -- "$offer" <<<"$(flat 1 | tr -d ' \n')"
check_match "... and the key bar says Enter goes on" 'Enter Continue' "$(screen 1 | tail -1)"
check_eq "the second Continue: the review" "step 7 of 9: Review" "$(title 2)"
check_eq "the directory: 0750, the owner's group" "0750 $(id -un):$group" "$(stat_mode "$dir")"
check_eq "... its parents 0755" "0755" "$(stat -c %04a "$T_TMP/etc/asterisk")"
check_match "installed there" 'The certificate is installed.' "$(screen 3)"
check_eq "the key in it: 0640 $owner" "0640 $owner" "$(stat_mode "$dir/pbx.example.com.key")"
finish
