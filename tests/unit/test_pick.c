/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the country pick-list in every language, searched without
 * accents, in any case, by the English name or the code. */
#include <config.h>

#include "tests/unit/unit.h"

#include <locale.h>
#include <wchar.h>
#include <wctype.h>

#include "src/i18n.h"
#include "ui/wg.h"

static const char *const languages[] = {
	"C", "fr", "de", "es", "pt_BR", "it", "ru", "ja",
};

/* The country list as the wizard loads it, in language lang; false when
 * this machine has no iso-codes catalogue for it. */
static bool
load(struct wg_pick *p, struct wg_field *f, const char *lang)
{
	const char *top = getenv("top_srcdir");
	char *file;
	bool ok;

	memset(p, 0, sizeof(*p));
	memset(f, 0, sizeof(*f));
	f->max = 64;
	p->field = f;
	setenv("LANGUAGE", lang, 1);
#ifdef ENABLE_NLS
	/* gettext forgets what it looked up in the language before */
	textdomain(textdomain(NULL));
#endif
	assert_true(asprintf(&file, "%s/data/countries", top ? top : ".") > 0);
	assert_true(wg_pick_load(p, file, "iso_3166-1"));
	free(file);
#ifdef ENABLE_NLS
	ok = strcmp(lang, "C") == 0 ||
	     strcmp(dgettext("iso_3166-1", "Germany"), "Germany") != 0;
#else
	ok = strcmp(lang, "C") == 0;
#endif
	if (!ok)
		wg_pick_clear(p);
	return ok;
}

/* Whether typing query lists the item of code. */
static bool
finds(struct wg_pick *p, const char *query, const char *code)
{
	wg_field_set(p->field, query);
	wg_pick_filter(p);
	for (size_t i = 0; i < p->nmatch; i++)
		if (strcmp(p->codes[p->match[i]], code) == 0)
			return true;
	return false;
}

#define assert_finds(p, query, code)					\
	do {								\
		if (!finds(p, query, code)) {				\
			printf("# \"%s\" does not find %s\n", query, code); \
			fail();						\
		}							\
	} while (0)

static void
test_pick_without_accents_or_case(void **state)
{
	static const struct {
		const char *lang, *query, *code;
	} cases[] = {
		{ "fr", "etats", "US" }, { "fr", "cote", "CI" },
		{ "fr", "ETATS-UNIS", "US" }, { "fr", "viet", "VN" },
		{ "fr", "Co\xcc\x82te", "CI" },	/* o + combining ^ */
		{ "fr", "aland", "AX" },
		{ "de", "Osterreich", "AT" }, { "de", "OSTERREICH", "AT" },
		{ "de", "deutschland", "DE" }, { "ja", "ドイツ", "DE" },
		{ "de", "sao tome", "ST" }, { "de", "türkei", "TR" },
		{ "es", "japon", "JP" }, { "es", "marfil", "CI" },
		{ "pt_BR", "japao", "JP" }, { "pt_BR", "AUSTRIA", "AT" },
		{ "pt_BR", "vietna", "VN" },
		{ "it", "sao tome", "ST" }, { "it", "ALAND", "AX" },
		{ "ru", "соединенные", "US" }, { "ru", "РОССИЙСКАЯ", "RU" },
		{ "ja", "おーすとりあ", "AT" }, { "ja", "日本", "JP" },
		{ "C", "cote", "CI" }, { "C", "turkiye", "TR" },
	};
	struct wg_pick p;
	struct wg_field f;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!load(&p, &f, cases[i].lang))
			continue;
		assert_finds(&p, cases[i].query, cases[i].code);
		wg_pick_clear(&p);
		wg_field_clear(&f);
	}
}

/* s in upper case (a new string). */
static char *
upper(const char *s)
{
	wchar_t w[256];
	char *out = calloc(1, 4 * 256);
	size_t n = mbstowcs(w, s, 256);

	assert_true(n < 256);
	for (size_t i = 0; i < n; i++)
		w[i] = (wchar_t)towupper((wint_t)w[i]);
	assert_true(wcstombs(out, w, 4 * 256) != (size_t)-1);
	return out;
}

static void
test_pick_every_name_of_every_language(void **state)
{
	const char *top = getenv("top_srcdir");
	char *file, *line = NULL, *tab, *name;
	size_t cap = 0;
	ssize_t len;
	struct wg_pick p;
	struct wg_field f;
	FILE *in;

	(void)state;
	for (size_t l = 0; l < sizeof(languages) / sizeof(languages[0]); l++) {
		if (!load(&p, &f, languages[l]))
			continue;
		/* each name in upper case, each code, each English name */
		for (size_t i = 0; i < p.n; i++) {
			name = upper(p.names[i]);
			assert_finds(&p, name, p.codes[i]);
			free(name);
			assert_finds(&p, p.codes[i], p.codes[i]);
		}
		assert_true(asprintf(&file, "%s/data/countries",
				     top ? top : ".") > 0);
		in = fopen(file, "r");
		assert_non_null(in);
		while ((len = getline(&line, &cap, in)) > 0) {
			line[len - 1] = '\0';
			if (line[0] == '#' || !(tab = strchr(line, '\t')))
				continue;
			*tab = '\0';
			assert_finds(&p, tab + 1, line);
		}
		fclose(in);
		free(file);
		wg_pick_clear(&p);
		wg_field_clear(&f);
	}
	free(line);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick_without_accents_or_case),
		cmocka_unit_test(test_pick_every_name_of_every_language),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		fail_msg("no C.UTF-8 locale");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
