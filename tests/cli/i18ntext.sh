#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CLI's text in other languages: counts in the language's plural forms
# (Russian's three, Japanese's one) at 1, 2, 5 and 21; a context or a note
# for translators on every short message; columns aligned on the terminal,
# not by spaces inside the messages.
. "$top_srcdir/tests/lib.sh"

po=$top_srcdir/po
if ! grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" ||
   ! command -v msgfmt >/dev/null 2>&1; then
	skip "built without NLS, or no msgfmt (gettext)"
	finish
	exit
fi
# the build tree has no installed catalogues: staged here (ui/main.c)
for l in $(sed -e 's/#.*//' "$po/LINGUAS"); do
	mkdir -p "$T_TMP/locale/$l/LC_MESSAGES"
	msgfmt -c -o "$T_TMP/locale/$l/LC_MESSAGES/astcert.mo" "$po/$l.po"
done
export ASTCERT_LOCALEDIR=$T_TMP/locale ASTCERT_DATA_DIR="$top_srcdir/data"
keys=$T_TMP/keys
mkdir -p "$keys"
: >"$T_TMP/astcert.conf"

ac ca init --cn "Test CA" --out "$keys"
check_eq "ca init" 0 "$T_RC"
ac ca server --dns pbx.test.invalid --days 30 --out "$keys" --name pbx
check_eq "ca server --days 30" 0 "$T_RC"
ac ca phone --mac 00:04:f2:a1:b2:c3 --out "$keys"
check_eq "ca phone" 0 "$T_RC"
end=$(date -d "$(openssl x509 -in "$keys/pbx.crt" -noout -enddate |
		 cut -d= -f2)" +%s)

# --- plurals: the days left at 1, 2, 5 and 21 --------------------------------
# days N LANG COMMAND...: runs the command N days and an hour before the
# server certificate expires
days() {
	local n=$1 l=$2; shift 2
	ASTCERT_NOW=$((end - n * 86400 - 3600)) LANGUAGE=$l ac "$@"
}
plural() {
	local l=$1 n=$2 status=$3 show=$4
	days "$n" "$l" status
	check_match "$l, $n: status" "^pbx  [A-Z]+  $status" "$AC_OUT"
	days "$n" "$l" show "$keys/pbx.crt"
	check_match "$l, $n: show" "$show" "$AC_OUT"
	printf 'dump\nF10\ny\n' >"$T_TMP/script"
	days "$n" "$l" wizard --script "$T_TMP/script" --size 80x24
	check_match "$l, $n: the wizard's list of certificates" \
		"pbx +$status" "$AC_OUT"
}
plural en 1 "1 day left" "\(1 day left\)"
plural en 2 "2 days left" "\(2 days left\)"
plural fr 1 "1 jour restant" "\(1 jour restant\)"
plural fr 2 "2 jours restants" "\(2 jours restants\)"
for n in 1 21; do
	plural ru $n "остался $n день" "\(остался $n день\)"
done
plural ru 2 "осталось 2 дня" "\(осталось 2 дня\)"
plural ru 5 "осталось 5 дней" "\(осталось 5 дней\)"
for n in 1 2 5 21; do
	plural ja $n "残り $n 日" "\(残り $n 日\)"
done
days -5 ru status
check_match "ru: expired 5 days ago, in the genitive plural" \
	"^pbx  [A-Z]+  ИСТЁК 5 дней назад" "$AC_OUT"
days -1 ru status
check_match "ru: expired 1 day ago" "^pbx  [A-Z]+  ИСТЁК 1 день назад" "$AC_OUT"

# --- plurals: revoked certificates -----------------------------------------
LANGUAGE=ru ac ca revoke 00:04:f2:a1:b2:c3
check_match "ru: one revoked certificate" '^Отозван 1 сертификат;' "$AC_OUT"

# --- columns aligned by display width ------------------------------------------
# starts: the display column where each field of each line starts (fields
# are separated by two spaces or more)
starts() {
	python3 -c 'import re, sys, unicodedata
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for line in sys.stdin:
    line = line.rstrip("\n")
    print(" ".join(str(cols(line[:m.start()]))
                   for m in re.finditer(r"\S+(?: \S+)*", line)))'
}
for l in ja ru fr; do
	LANGUAGE=$l ac ca list
	check_eq "$l: ca list: kind, serial, name and state columns line up" 1 \
		"$(printf '%s\n' "$AC_OUT" | starts | cut -d' ' -f1-3,5 | sort -u |
		   wc -l)"
	LANGUAGE=$l ac status
	check_eq "$l: status: the values after the labels line up" 1 \
		"$(printf '%s\n' "$AC_OUT" | grep '^  [^ ]' | starts |
		   cut -d' ' -f2 | sort -u | wc -l)"
done
LANGUAGE=ja ac ca list
check_match "ja: ca list names the kinds in Japanese" \
	'^サーバー +[0-9A-F:]+ +pbx\.test\.invalid' "$AC_OUT"
check_match "ja: ca list names the kinds in Japanese (phone)" '^電話機 ' "$AC_OUT"
LANGUAGE=fr ac ca list
check_match "fr: the headers keep their accents" \
	'^TYPE +NUMÉRO DE SÉRIE +NOM +RESTE \(J\) +ÉTAT$' "$AC_OUT"

# --- dates: one form, the same in every language ------------------------------
# ISO 8601 days (src/util.h: ac_date), whatever LC_TIME says beside LANGUAGE
iso='[0-9]{4}-[0-9]{2}-[0-9]{2}'
LANGUAGE=ru ac status
check_match "ru: status: the expiry is an ISO date" "^pbx  [A-Z]+  .* \(до $iso\)$" "$AC_OUT"
check_match "ru: status: the due date too" "^  продление: .*, с $iso$" "$AC_OUT"
LANGUAGE=ja ac show "$keys/pbx.crt"
check_match "ja: show: valid until an ISO date" "^  有効期限 +$iso \(残り [0-9]+ 日\)$" "$AC_OUT"
rm -rf "$T_TMP/wiz" && mkdir -p "$T_TMP/wiz"
# the self-signed path of tests/i18n.sh, without its help screens
printf '%s\n' Enter Enter "type pbx.example.com" Tab "type 192.0.2.10" Enter \
	"type CA" Tab "type Ontario" Tab "type Toronto" Tab "type ShiftEight" \
	Enter Enter Enter Tab Enter C-u "type $T_TMP/wiz" Enter Enter C-u \
	"type $(id -un):$(id -gn)" Enter Enter Enter wait dump Enter \
	>"$T_TMP/script"
LC_TIME=C.UTF-8 LANGUAGE=ja ac wizard --script "$T_TMP/script" --size 80x24
check_match "ja: the wizard's result: valid until an ISO date, no English day" \
	"^  有効期限 +$iso \(残り [0-9]+ 日\)" "$AC_OUT"
check_eq "ja: the wizard's result names no English day or month" "" \
	"$(grep -Eo '\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b' "$T_TMP/out" || true)"

# --- nothing left in English -------------------------------------------------
# getopt's own messages (in English or libc's words, after the command's
# name) give way to one translated line naming the option
for args in "--bogus" "selfsigned --bogus" "status --warn-days" "ca list --x" \
	    "ca list --json=1"; do
	# shellcheck disable=SC2086 # the arguments are words
	LANGUAGE=fr ac $args
	# a monitoring check's bad usage is UNKNOWN (3)
	check_eq "fr: astcert $args: bad usage" \
		"$(case $args in *warn-days) echo 3;; *) echo 2;; esac)" "$T_RC"
	check_match "fr: astcert $args: one translated line names the option" \
		'^astcert : (option inconnue « --(bogus|x) »|l.option « --warn-days » demande une valeur|l.option « --json » ne prend pas de valeur)$' \
		"$(head -n 1 "$T_TMP/err")"
	check_eq "fr: astcert $args: nothing from getopt" "" \
		"$(grep -Ei 'unrecognized|requires an argument|non reconnue|^(selfsigned|status|ca) ?:' "$T_TMP/err" || true)"
done
# Japanese sets no space after its full stop and comma (seen: "ます。 pjsip")
check_eq "ja: no space after 。 or 、" "" \
	"$(msgcat --no-wrap "$po/ja.po" | sed -n '/^msgstr/,/^$/p' | grep '[。、] ' || true)"
# every --help fits an 80-column terminal in every language (display
# width: a Japanese character takes two columns); the configuration file's
# default path is configure's (a make distcheck tree makes it long), so it
# is measured as the usual /etc/astcert/astcert.conf
wide=
for l in C $(sed -e 's/#.*//' "$po/LINGUAS"); do
	for cmd in "" $("$ASTCERT" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
		# shellcheck disable=SC2086 # no command: the program's own help
		LANGUAGE=$l LC_ALL=C.UTF-8 "$ASTCERT" $cmd --help 2>&1 |
			sed 's|[^ (]*/astcert/astcert\.conf|/etc/astcert/astcert.conf|' >"$T_TMP/help"
		w=$(LC_ALL=C.UTF-8 wc -L <"$T_TMP/help")
		[ "$w" -le 80 ] || wide="$wide $l:${cmd:-astcert}($w)"
	done
done
check_eq "every --help fits 80 columns in every language" "" "${wide# }"
# the punctuation around the program's name is the translator's: French
# puts a space before the colon, German does not
LANGUAGE=fr ac show "$T_TMP/none.crt"
check_match "fr: an error line reads \"astcert : …\"" '^astcert : ' \
	"$(head -n 1 "$T_TMP/err")"
LANGUAGE=de ac show "$T_TMP/none.crt"
check_match "de: an error line reads \"astcert: …\"" '^astcert: [^ ]' \
	"$(head -n 1 "$T_TMP/err")"
check_eq "no \"%s: \" is printed outside gettext" "" \
	"$(grep -rnE '(printf|_detail|_set|xasprintf)\((stderr, |err, |&out, )?("[^"]*"|AC_ERR_[A-Z]+, )?"%s: ' \
		"$top_srcdir/src" "$top_srcdir/ui" | grep -v '_("' || true)"
# the common outputs under fr: no English word astcert wrote
mkdir -p "$T_TMP/keys2"
LANGUAGE=fr ASTCERT_STATE_DIR=$T_TMP/state2 ASTCERT_CONF=$T_TMP/astcert.conf \
	"$ASTCERT" ca init --out "$T_TMP/keys2" >"$T_TMP/out" 2>&1
check_match "fr: the default CA name is translated" 'CN=AC privée astcert' \
	"$(cat "$T_TMP/out")"
english='\b(days?|left|expired|valid|revoked|phone|server|names|issuer|renewal|last|yet|certificate|Subject|Issuer|Serial|Valid|Key|warning|failed|passed|FAIL|warn|skip|unknown|option)\b'
for cmd in "ca list" status "show $keys/pbx.crt" "check pbx..test.invalid --only name"; do
	# shellcheck disable=SC2086 # the arguments are words
	LANGUAGE=fr ac $cmd
	check_eq "fr: astcert $cmd prints no English word" "" \
		"$(cat "$T_TMP/out" "$T_TMP/err" | grep -v '^  *[0-9A-F:]*$' |
		   sed 's/[a-z0-9.-]*\.invalid//g; s/DNS:[^ ]*//g' |
		   grep -Eo "$english" || true)"
done
# without UTF-8 the check marks are words of the language too
mkdir -p "$T_TMP/loc"
if command -v localedef >/dev/null 2>&1 &&
   localedef -i fr_FR -f ISO-8859-1 "$T_TMP/loc/fr_FR.ISO-8859-1" >/dev/null 2>&1; then
	LOCPATH=$T_TMP/loc LC_ALL=fr_FR.ISO-8859-1 LANGUAGE=fr \
		ac check pbx..test.invalid --only name
	check_match "fr, ISO-8859-1: the ASCII check mark is translated" \
		'^ÉCHEC +Nom ' "$(iconv -f ISO-8859-1 -t UTF-8 "$T_TMP/out")"
else
	skip "localedef cannot make fr_FR.ISO-8859-1"
fi

# --- translator context --------------------------------------------------
# every message of one or two words says what it is: a context (C_) or a
# TRANSLATORS: comment, which xgettext carries into the template
if command -v xgettext >/dev/null 2>&1; then
	# shellcheck disable=SC2046 # the options are words
	(cd "$top_srcdir" && xgettext --default-domain=astcert \
		--output="$T_TMP/astcert.pot" --files-from=po/POTFILES.in \
		$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' po/Makevars))
	check_eq "every short message has a context or a note for translators" "" \
		"$(msgcat --no-wrap "$T_TMP/astcert.pot" | awk '
		   /^#\. TRANSLATORS:/ || /^msgctxt / { known = 1 }
		   /^#: / { ref = ref " " substr($0, 4) }
		   /^msgid "/ { id = substr($0, 8, length($0) - 8) }
		   /^msgstr( |\[0\])/ { t = id; gsub(/\\n/, "", t)
			       if (id != "" && split(t, w, / +/) <= 2 && !known)
				       print id " (" ref " )"
			       known = 0; ref = "" }')"
	check_eq "no count of days, seconds, phones... outside ngettext" "" \
		"$(msgcat --no-wrap "$T_TMP/astcert.pot" |
		   awk '/^msgid_plural/ { pl = 1 }
			/^msgid "/ { if (id != "" && !pl) print id; id = $0; pl = 0 }
			END { if (!pl) print id }' |
		   grep -E '%[0-9$]*[lz]*[du] (days?|seconds?|minutes?|phones?|certificates?)\b|\((s|en|e)\)' ||
		   true)"
	check_eq "no message is padded with spaces for a column" "" \
		"$(msgcat --no-wrap "$T_TMP/astcert.pot" |
		   grep -E '^msgid "( {2,}|[^"]*: {2,})' || true)"
	check_match "C_ gives xgettext a context" '^msgctxt "file"$' \
		"$(cat "$T_TMP/astcert.pot")"
else
	skip "xgettext (gettext) is needed"
fi
LANGUAGE=ja ac show "$keys/pbx.crt"
check_match "ja: a message with a context is translated (C_)" '^  鍵 +RSA 2048' "$AC_OUT"

# --- a catalogue in progress warns, a shipped one must be complete ---------------
if command -v xgettext >/dev/null 2>&1 && command -v msgattrib >/dev/null 2>&1; then
	. "$top_srcdir/tests/lib-po.sh"
	mkdir -p "$T_TMP/po"
	cp "$po/LINGUAS" "$po/fr.po" "$T_TMP/po/"
	sed -i -e '/^#/!d' "$T_TMP/po/LINGUAS"
	echo fr >>"$T_TMP/po/LINGUAS"
	# Esperanto, begun: a header and one message
	cat >"$T_TMP/po/eo.po" <<-'EOF'
	msgid ""
	msgstr ""
	"Language: eo\n"
	"MIME-Version: 1.0\n"
	"Content-Type: text/plain; charset=UTF-8\n"
	"Content-Transfer-Encoding: 8bit\n"
	"Plural-Forms: nplurals=2; plural=(n != 1);\n"

	msgid "Every check passed."
	msgstr "Ĉiuj kontroloj sukcesis."
	EOF
	out=$(T_N=0; po_catalogues "$T_TMP/po")
	check_eq "a partial catalogue not in LINGUAS fails nothing" "" \
		"$(printf '%s\n' "$out" | grep '^not ok' || true)"
	check_match "... it warns, with what is left to translate" \
		'^# warning: eo: [0-9]+ messages left to translate; add eo to po/LINGUAS once it is complete$' \
		"$out"
	# a shipped catalogue with a message missing fails, by name
	awk '/^msgid "Every check passed\."$/ { skip = 2 } skip { skip--; next } { print }' \
		"$po/fr.po" >"$T_TMP/po/fr.po"
	out=$(T_N=0; po_catalogues "$T_TMP/po")
	check_match "a shipped catalogue missing a message fails" \
		'^not ok [0-9]+ - fr: no message of the sources is left untranslated or fuzzy' "$out"
	check_match "... naming the message" '^# actual: +Every check passed\.$' "$out"
	echo eo >>"$T_TMP/po/LINGUAS"
	out=$(T_N=0; po_catalogues "$T_TMP/po")
	check_match "in LINGUAS, the partial catalogue fails" \
		'^not ok [0-9]+ - eo: ' "$out"
else
	skip "xgettext and msgattrib (gettext) are needed"
fi

# --- the log: English whatever LANG says -----------------------------------------
# with_syslog LOG COMMAND...: runs COMMAND with /dev/log a socket of the
# test's, in a mount namespace of its own (this host may have no syslog);
# what was logged is in LOG, one message a line
with_syslog() {
	unshare -m --propagation private bash -s "$@" <<-'EOF'
	set -e
	log=$1; shift
	dir=$(dirname "$log")
	mkdir -p "$dir/dev.orig"
	mount --bind /dev "$dir/dev.orig"
	mount -t tmpfs -o mode=755 none /dev
	for n in null zero urandom random tty full; do
		: >"/dev/$n"
		mount --bind "$dir/dev.orig/$n" "/dev/$n"
	done
	ln -s /proc/self/fd /dev/fd
	: >/dev/log
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1] + ".sock")
open(sys.argv[1] + ".ready", "w").close()
with open(sys.argv[1], "ab", buffering=0) as f:
    while True:
        m = s.recv(65536)
        if m == b"END":
            break
        f.write(m + b"\n")' "$log" &
	while [ ! -e "$log.ready" ]; do sleep 0.1; done
	mount --bind "$log.sock" /dev/log
	rc=0
	"$@" || rc=$?
	python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).sendto(b"END", sys.argv[1])' \
		"$log.sock"
	wait
	exit "$rc"
	EOF
}
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mkdir -p "$T_TMP/imp" "$T_TMP/syslog"
	ac import --cert "$keys/pbx.crt" --key "$keys/pbx.key" \
		--ca-file "$keys/astcert-ca.crt" --out "$T_TMP/imp" --name imp \
		--owner "$(id -un):$(id -gn)"
	check_eq "an imported certificate (renewed by hand)" 0 "$T_RC"
	T_RC=0
	with_syslog "$T_TMP/syslog/log" env LANGUAGE=fr \
		ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		"$ASTCERT" renew --force --no-reload >"$T_TMP/out" 2>"$T_TMP/err" ||
		T_RC=$?
	check_eq "fr: renew --force renews (3)" 3 "$T_RC"
	check_match "fr: the terminal is in French" '^pbx renouvelé : SHA-256 ' \
		"$(cat "$T_TMP/out")"
	check_match "fr: ... its warning too" 'imp : astcert ne peut pas renouveler' \
		"$(cat "$T_TMP/err")"
	check_match "the log: the renewal, in English" \
		'astcert\[[0-9]+\]: renewed pbx \(SHA-256 [0-9A-F:]+\)$' \
		"$(cat "$T_TMP/syslog/log")"
	check_match "the log: the certificate renewed by hand, in English" \
		"astcert\\[[0-9]+\\]: imp is due but is renewed by hand; 'astcert status' shows how\$" \
		"$(cat "$T_TMP/syslog/log")"
	check_eq "the log: nothing in French (nothing but ASCII)" "" \
		"$(LC_ALL=C grep -n '[^ -~]' "$T_TMP/syslog/log" || true)"
else
	skip "the log test needs root and unshare -m"
fi

finish
