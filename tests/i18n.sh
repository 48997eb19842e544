#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Translations: every catalogue in po/LINGUAS is complete against the
# messages in the sources, and the CLI and the wizard speak French and German
# within 80 columns.
. "$top_srcdir/tests/lib.sh"

po=$top_srcdir/po
langs=$(sed -e 's/#.*//' "$po/LINGUAS")
have() { command -v "$1" >/dev/null 2>&1; }

# 1. Completeness.  The template is made from the sources as po/Makevars
# says, so a message added to the code and missing from a shipped catalogue
# fails here, by name; a catalogue not in LINGUAS yet only warns
# (tests/lib-po.sh).
if have xgettext && have msgmerge && have msgfmt && have msgattrib; then
	. "$top_srcdir/tests/lib-po.sh"
	po_catalogues "$po"
	for l in $langs; do
		# the key bars are drawn on one line of an 80-column screen
		wide=$(msgattrib --no-obsolete --no-wrap "$T_TMP/$l.merged.po" |
		       awk '/^msgid " F1 / { k = 1; next }
			    k && /^msgstr / { sub(/^msgstr "/, ""); sub(/"$/, "");
					      print; k = 0 }' |
		       while IFS= read -r bar; do
			       [ "${#bar}" -le 80 ] || echo "${#bar}: $bar"
		       done)
		check_eq "$l: every key bar fits 80 columns" "" "$wide"
	done
else
	skip "xgettext, msgmerge, msgfmt and msgattrib (gettext) are needed"
fi

# 2. The binary in French and German.  The build tree has no installed
# catalogues: stage them and point the binary there (ui/main.c).
if ! grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h"; then
	skip "built without NLS"
	finish
	exit
fi
for l in $langs; do
	mkdir -p "$T_TMP/locale/$l/LC_MESSAGES"
	msgfmt -c -o "$T_TMP/locale/$l/LC_MESSAGES/astcert.mo" "$po/$l.po"
done
export ASTCERT_LOCALEDIR=$T_TMP/locale LANG=C.UTF-8

# the wizard: every screen of the self-signed path with its help, the
# private CA and import screens, an error line and the quit question
out=$T_TMP/keys
mkdir -p "$out"
owner="$(id -un):$(id -gn)"
script_full="dump
F1
dump
Escape
Enter
dump
F1
dump
Escape
Enter
type pbx.bücher.example sip.example.com
dump
Tab
type 192.0.2.10
dump
F1
dump
Escape
Enter
type CA
dump
F1
dump
Escape
Tab
type Ontario
Tab
type Toronto
Tab
type ShiftEight
Enter
Enter
dump
Enter
dump
F1
dump
Escape
Tab
Enter
dump
F1
dump
Escape
C-u
type $out
Enter
dump
Enter
C-u
type $owner
dump
Enter
Enter
dump
F1
dump
Escape
Enter
wait
dump
F1
dump
Escape
Enter"
script_ca="Enter
Down
Enter
type pbx.example.com
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
dump
F1
dump
Escape
Tab
dump
F10
dump
y"
script_import="Enter
Down
Down
Enter
dump
F1
dump
Escape
Tab
Tab
dump
Enter
Enter
Enter
Enter
dump
F10
y"
script_error="Enter
Enter
type pbx..example.com
Enter
Enter
dump
F10
dump
y"

# wizard LANG NAME SCRIPT: screens in $T_TMP/screens.LANG.NAME; what the
# wizard prints after Finish (not a screen: as wide as its lines) in
# $T_TMP/printed.LANG.NAME
wizard() {
	printf '%s\n' "$3" >"$T_TMP/script"
	LANGUAGE=$1 ac wizard --script "$T_TMP/script" --size 80x24
	awk '{ l[NR] = $0 } /^-+$/ { last = NR }
	     END { for (i = 1; i <= last; i++) print l[i] }' \
		"$T_TMP/out" >"$T_TMP/screens.$1.$2"
	sed -n "$(($(grep -c '' "$T_TMP/screens.$1.$2") + 1)),\$p" "$T_TMP/out" \
		>"$T_TMP/printed.$1.$2"
}
# screen_with REGEX FILE: the first dumped screen that matches
screen_with() {
	awk -v re="$1" '/^-+$/ { if (s ~ re) { printf "%s", s; exit } s = ""; next }
			{ s = s $0 "\n" }' "$2"
}

check_lang() {
	local l=$1 usage=$2 commands=$3 country=$4
	local title=$5 welcome=$6 bar=$7 names=$8 ip_hint=$9 step3=${10}
	local phones=${11} import=${12} chain=${13} error=${14} quit=${15}
	local installed=${16} review=${17} result=${18} cn=${19}
	local full=$T_TMP/screens.$l.full

	LANGUAGE=$l ac --help
	check_match "$l: --help is translated" "^$usage astcert" "$AC_OUT"
	check_match "$l: --help lists the commands under a translated heading" \
		"^$commands\$" "$AC_OUT"
	LANGUAGE=$l ac selfsigned --help
	check_match "$l: selfsigned --help is translated" "$names" "$AC_OUT"

	LANGUAGE=$l ac selfsigned --country CAN --cn x.example.com \
		--out "$T_TMP/bad"
	check_eq "$l: bad input exits 2" 2 "$T_RC"
	check_match "$l: the error line is translated" "^astcert ?: $country" "$AC_ERR"

	rm -rf "$out" && mkdir -p "$out"	# nothing to replace
	wizard "$l" full "$script_full"
	check_eq "$l: the self-signed wizard run ends with 0" 0 "$T_RC"
	check_match "$l: the welcome screen is translated" "$welcome" \
		"$(cat "$full")"
	check_match "$l: the title bar is translated" "^ astcert — $title" \
		"$(cat "$full")"
	check_eq "$l: every screen has a translated key bar" "" \
		"$(grep -E '^ F1 ' "$full" | grep -v "^ F1 $bar  " || true)"
	check_match "$l: field hints are translated and shown whole" "$ip_hint" \
		"$(tr -s ' \n' ' ' <"$full")"
	check_match "$l: names screen" "$step3" "$(cat "$full")"
	check_match "$l: the review is translated" "$review" \
		"$(cat "$full")"
	check_match "$l: the review's labels fit their column" \
		"^  $cn +pbx\.xn--bcher-kva\.example" \
		"$(screen_with "$review" "$full")"
	check_match "$l: the result is translated" "$installed" \
		"$(tr -s ' \n' ' ' <"$full")"
	check_match "$l: the result help is translated" "$result" \
		"$(tr -s ' \n' ' ' <"$full")"
	check_match "$l: the result printed after Finish is translated" \
		"$installed" "$(cat "$T_TMP/printed.$l.full")"

	wizard "$l" ca "$script_ca"
	check_match "$l: the private CA screen is translated" "$phones" \
		"$(cat "$T_TMP/screens.$l.ca")"
	check_match "$l: F10 asks in $l" "$quit" "$(cat "$T_TMP/screens.$l.ca")"
	wizard "$l" import "$script_import"
	check_match "$l: the import screen is translated" "$import" \
		"$(cat "$T_TMP/screens.$l.import")"
	check_match "$l: the import hints are translated" "$chain" \
		"$(tr -s ' \n' ' ' <"$T_TMP/screens.$l.import")"
	wizard "$l" error "$script_error"
	check_match "$l: a refused name says why, translated" "$error" \
		"$(tr -s ' \n' ' ' <"$T_TMP/screens.$l.error")"

	# measured in characters by wc -L (UTF-8 aware under C.UTF-8)
	for f in "$T_TMP/screens.$l".*; do
		check "$l: no line of $(basename "$f") is wider than 80 columns" \
			test "$(wc -L <"$f")" -le 80
	done
	check_eq "$l: no English key word is left on a screen" "" \
		"$(cat "$T_TMP/screens.$l".* | grep -E 'F1 Help|F10 Quit( |$)|Enter Continue|Press any key' || true)"
}

check_lang fr "Usage :" "Commandes :" "Le pays « CAN » n'est pas un code ISO 3166" \
	"étape 3 sur 9 : Noms" "astcert sécurise le SIP sur TLS" \
	"Aide" "Noms et sujet :" \
	"Facultatif : adresses auxquelles les téléphones se connectent directement, p\. ex\. 192\.0\.2\.10\." \
	"Adresses IP +192\.0\.2\.10" \
	"Téléphones \(MAC\)" "Fichiers à importer|Certificat  " \
	"Facultatif : certificats intermédiaires, séparés par des espaces\." \
	"« pbx\.\.example\.com » n'est pas un nom d'hôte valide : étiquette vide" \
	"Quitter sans rien installer \? \(o/n\)" \
	"Le certificat est installé\.|Rien n'a été installé\." \
	"La même chose sans l'assistant :" \
	"liste tous les certificats gérés" "Nom commun \(CN\)"
check_lang de "Aufruf:" "Befehle:" "Das Land „CAN“ ist kein zweibuchstabiger ISO-3166-Code" \
	"Schritt 3 von 9: Namen" "astcert sichert SIP über TLS" \
	"Hilfe" "Namen und Inhaber:" \
	"Optional: Adressen, mit denen sich Telefone direkt verbinden, z\. B\. 192\.0\.2\.10\." \
	"IP-Adressen +192\.0\.2\.10" \
	"Telefone \(MAC\)" "Zu importierende Dateien|Zertifikat  " \
	"Optional: Zwischenzertifikate, durch Leerzeichen getrennt\." \
	"„pbx\.\.example\.com“ ist kein gültiger Hostname: leeres Label" \
	"Beenden, ohne etwas zu installieren\? \(j/n\)" \
	"Das Zertifikat ist installiert\.|Es wurde nichts installiert\." \
	"Dasselbe ohne den Assistenten:" \
	"listet alle Zertifikate auf" "Allgemeiner Name"

# labels measured in the language: the longest one stands apart from its
# value (seen: "Valide jusqu'ajeu. 08 mars")
check_match "fr: the result's longest label stands apart from its value" \
	"^  Valide jusqu'au  +[^ ]" "$(cat "$T_TMP/screens.fr.full")"

# the catalogue is what translates: without it, or without LANGUAGE, English
LANGUAGE=fr ASTCERT_LOCALEDIR=$T_TMP/nowhere ac --help
check_match "without a catalogue the help stays English" '^Commands:$' "$AC_OUT"
LANGUAGE= ac --help
check_match "under C.UTF-8 without LANGUAGE the help is English" '^Commands:$' "$AC_OUT"

# the quit question is answered with the language's own key for yes
wizard fr quit-o "Enter
F10
o"
check_eq "fr: 'o' (oui) answers the quit question" 1 "$T_RC"
wizard de quit-j "Enter
F10
j"
check_eq "de: 'j' (ja) answers the quit question" 1 "$T_RC"
wizard fr quit-n "Enter
F10
n
dump"
check_match "fr: 'n' keeps the wizard" 'Type de certificat|Kind of certificate' "$(cat "$T_TMP/screens.fr.quit-n")"

finish
