#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# An install that fails after its first rename puts the previous files back
# (or leaves its journal so the next run does), never a certificate beside
# the wrong key; status compares the deployed pair with the state; an
# archive that cannot be made faithfully stops the install; a kill leaves
# no orphan temp file after the next run.
. "$top_srcdir/tests/lib.sh"

if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP strace is not installed"; exit 0
fi
out=$T_TMP/keys
state=$T_TMP/state
mkdir -p "$out"
crt=$out/pbx.crt key=$out/pbx.key

issue() {
	ac selfsigned --cn pbx.example.com --name pbx --key p256 --out "$out" \
		--owner root:nogroup
	[ "$T_RC" = 0 ]
}
pair_matches() {
	[ "$(openssl x509 -in "$1" -noout -pubkey | openssl sha256)" = \
	  "$(openssl pkey -in "$2" -pubout 2>/dev/null | openssl sha256)" ]
}
deployed_matches() { pair_matches "$crt" "$key"; }
state_matches() {
	pair_matches "$state/certs/pbx/cert.pem" "$state/certs/pbx/privkey.pem"
}
files() {
	sha256sum "$crt" "$key" "$state/certs/pbx/"{cert,chain,fullchain,privkey}.pem \
		"$state/certs/pbx/renewal.conf" 2>&1
}
leftovers() { find "$out" "$state" -name '.astcert-*' | sort; }
# injected STRACE-OPTS...: selfsigned under strace
injected() {
	T_RC=0
	ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		strace -f -o /dev/null "$@" "$ASTCERT" selfsigned \
		--cn pbx.example.com --name pbx --key p256 --out "$out" \
		--owner root:nogroup >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_ERR=$(cat "$T_TMP/err")
}

check "a first certificate" issue
before=$(files)

# renames: 1 the journal, 2 NAME.crt, 3 NAME.key, 4-8 the state copies
for fault in EIO ENOSPC; do
	for n in 2 3 5 8; do
		injected -e trace=rename -e inject=rename:error=$fault:when=$n
		what="$fault at rename $n"
		check_eq "$what: the run fails" 1 "$T_RC"
		check_match "$what: says the previous files are back" \
			'previous files are back' "$AC_ERR"
		check_eq "$what: every previous file is back" "$before" "$(files)"
		check "$what: deployed certificate and key match" deployed_matches
		check_eq "$what: no journal left" "" "$(ls -A "$state/journal")"
		check_eq "$what: no temp file left" "" "$(leftovers)"
	done
done

# putting the previous files back fails too: the journal stays and the
# next command, whatever it is, undoes the install first (renames: 4 marks
# the journal for undoing, 5 puts NAME.crt back)
injected -e trace=rename -e inject=rename:error=EIO:when=3+2
check_eq "EIO at the key's rename and at the rollback's: the run fails" 1 "$T_RC"
check_match "... and says the next command repairs it" 'next astcert command' "$AC_ERR"
check_eq "... one line" 1 "$(printf '%s\n' "$AC_ERR" | wc -l)"
check_eq "... the journal stays for the next run" "pbx@undo" "$(ls -A "$state/journal")"
ac status
check_match "the next command puts the previous files back first" \
	'put back the previous files of pbx' "$AC_ERR"
check_match "... then status is OK" 'pbx  OK' "$AC_OUT"
check_eq "... every previous file is back" "$before" "$(files)"
check_eq "... no journal left" "" "$(ls -A "$state/journal")"
check_eq "... no temp file left" "" "$(leftovers)"

# no rename works any more after the certificate's: the journal stays and
# the next command finishes the install
injected -e trace=rename -e inject=rename:error=EIO:when=3+
check_eq "EIO at every rename from the key's on: the run fails" 1 "$T_RC"
check_match "... and says the next command repairs it" 'next astcert command' "$AC_ERR"
check "... the journal stays for the next run" test -n "$(ls -A "$state/journal")"
ac show "$crt"
check_eq "the next command runs" 0 "$T_RC"
check_match "... after finishing the install" 'finished the interrupted install of pbx' "$AC_ERR"
check "... the deployed pair matches again" deployed_matches
check "... so does the state's" state_matches
check_eq "... the deployed certificate is the state's" \
	"$(sha256sum <"$state/certs/pbx/fullchain.pem")" "$(sha256sum <"$crt")"
check_eq "... no journal left" "" "$(ls -A "$state/journal")"
check_eq "... no temp file left" "" "$(leftovers)"
before=$(files)

# status compares the deployed pair with the state
ac status
check_match "status: OK while the deployed pair is the state's" 'pbx  OK' "$AC_OUT"
cp "$key" "$T_TMP/key.saved"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key" 2>/dev/null
ac status
check_match "status: a key that is not the certificate's is reported" \
	'pbx  (CRITICAL|UNKNOWN)' "$AC_OUT"
check_match "... naming the key file" "$key" "$AC_OUT"
ac status --warn-days 10
check_eq "... and the monitoring check is not OK" 2 "$T_RC"
cp "$T_TMP/key.saved" "$key"
cp "$state/certs/pbx/cert.pem" "$T_TMP/crt.saved"
cp "$crt" "$T_TMP/crt.deployed"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/other.key" -subj /CN=other -out "$crt" 2>/dev/null
ac status
check_match "status: a certificate that is not the state's is reported" \
	'pbx  (CRITICAL|UNKNOWN)' "$AC_OUT"
check_match "... naming the certificate file" "$crt" "$AC_OUT"
cp "$T_TMP/crt.deployed" "$crt"
ac status
check_match "status: OK again once the pair is back" 'pbx  OK' "$AC_OUT"

# a directory at NAME.key: the archive cannot be made, nothing changes
mv "$key" "$T_TMP/key.moved"
mkdir "$key"
injected
check_eq "a directory at NAME.key: the run fails" 1 "$T_RC"
check_match "... with one line naming it" "$key.*directory" "$AC_ERR"
check_eq "... one line" 1 "$(printf '%s\n' "$AC_ERR" | wc -l)"
check_eq "... the certificate is untouched" \
	"$(sha256sum <"$T_TMP/crt.deployed")" "$(sha256sum <"$crt")"
check "... the directory is still there" test -d "$key"
check_eq "... no temp file left" "" "$(leftovers)"
rmdir "$key"
mv "$T_TMP/key.moved" "$key"

# the old key cannot be read while it is archived by copy
injected -P "$key" -e inject=link:error=EXDEV -e inject=read:error=EIO
check_eq "EIO reading the old key for the archive: the run fails" 1 "$T_RC"
check_match "... saying the archive could not be made" \
	'previous .*pbx.key.*Input/output error' "$AC_ERR"
check_eq "... every previous file is in place" "$before" "$(files)"
check_eq "... no empty file in the archive" "" \
	"$(find "$state/archive" -type f -empty -name pbx.key)"
check_eq "... no temp file left" "" "$(leftovers)"

# an immutable key: nothing is renamed
if chattr +i "$key" 2>/dev/null; then
	injected
	chattr -i "$key"
	check_eq "an immutable NAME.key: the run fails" 1 "$T_RC"
	check_eq "... every previous file is in place" "$before" "$(files)"
	check "... deployed certificate and key match" deployed_matches
	check_eq "... no temp file left" "" "$(leftovers)"
else
	skip "chattr +i is not supported here"
fi

# a bind-mounted key (EBUSY at its rename)
if unshare -m true 2>/dev/null; then
	cp "$key" "$T_TMP/bound.key"
	T_RC=0
	ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		unshare -m "$BASH" -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' \
		_ "$T_TMP/bound.key" "$key" "$ASTCERT" selfsigned \
		--cn pbx.example.com --name pbx --key p256 --out "$out" \
		--owner root:nogroup >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	check_eq "a bind-mounted NAME.key: the run fails" 1 "$T_RC"
	check_eq "... every previous file is in place" "$before" "$(files)"
	check_eq "... no temp file left" "" "$(leftovers)"
else
	skip "no mount namespace for a bind mount"
fi

# a symlinked NAME.key with the state on another file system: the archive
# cannot keep the link, so nothing changes and the line says what to do
if unshare -m true 2>/dev/null; then
	mv "$key" "$T_TMP/real.key"
	ln -s ../real.key "$key"
	T_RC=0
	ASTCERT_STATE_DIR="$T_TMP/state2" ASTCERT_CONF="$T_TMP/astcert.conf" \
		unshare -m "$BASH" -c 'mkdir -p "$1" && mount -t tmpfs none "$1" &&
			shift && exec "$@"' \
		_ "$T_TMP/state2" "$ASTCERT" selfsigned \
		--cn pbx.example.com --name pbx --key p256 --out "$out" \
		--owner root:nogroup >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_ERR=$(cat "$T_TMP/err")
	check_eq "a symlinked NAME.key, the archive elsewhere: the run fails" 1 "$T_RC"
	check_match "... saying the link must become a regular file" \
		"$key is a symbolic link.*replace it with a regular file" "$AC_ERR"
	check_eq "... in one line" 1 "$(printf '%s\n' "$AC_ERR" | wc -l)"
	check "... the link is still there" test -L "$key"
	check_eq "... every previous file is in place" "$before" "$(files)"
	check_eq "... no temp file left" "" "$(leftovers)"
	rm "$key"
	mv "$T_TMP/real.key" "$key"
else
	skip "no mount namespace for a second file system"
fi

# killed before the journal exists: the next run removes the temp copies
for n in 1; do
	injected -e trace=rename -e inject=rename:signal=KILL:when=$n
	check_eq "killed at rename $n: the run died" 137 "$T_RC"
	check "... it left temp files (this test needs them)" test -n "$(leftovers)"
	ac status
	check_eq "... the next command removes them" "" "$(leftovers)"
	check_eq "... and every previous file is in place" "$before" "$(files)"
done
injected -f -e trace=fsync -e inject=fsync:signal=KILL:when=1
check_eq "killed at an fsync: the run died" 137 "$T_RC"
ac status
check_eq "... the next command removes its temp files" "" "$(leftovers)"
check_eq "... every previous file is in place" "$before" "$(files)"

finish
