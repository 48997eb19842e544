# SPDX-License-Identifier: GPL-3.0-or-later
# The engine: every certificate operation, no terminal I/O (tests/layering.sh).
noinst_LIBRARIES += libastcert.a
libastcert_a_SOURCES = \
	src/ac.h src/ctx.c src/i18n.h \
	src/err.h src/err.c \
	src/xalloc.h src/xalloc.c \
	src/util.h src/util.c \
	src/text.h src/text.c \
	src/names.h src/names.c \
	src/keys.h src/keys.c \
	src/x509.h src/x509.c \
	src/certinfo.h src/certinfo.c \
	src/layout.h src/layout.c \
	src/store.h src/store.c src/store_int.h src/store_journal.c \
	src/owner.c \
	src/cfg.h src/cfg.c \
	src/profile.h src/profile.c \
	src/job.h src/job.c src/step_install.c \
	src/step.h src/step.c src/source.h src/source.c

# libcurl and libmicrohttpd, loaded with dlopen() by the commands that need
# them (src/dl.h) instead of being linked into every command
libastcert_a_SOURCES += src/dl.h src/dl.c src/dl_curl.c src/dl_mhd.c

# ACME (RFC 8555): account, order, challenges, ARI renewal windows
libastcert_a_SOURCES += \
	src/challenge.h src/challenge.c src/webroot.c \
	src/solver.h src/solver.c \
	src/dns_update.h src/dns_update.c src/dns_zone.c src/solver_dns.c \
	src/dns_hook.h src/dns_hook.c \
	src/http.h src/http.c src/jws.h src/jws.c \
	src/acme.h src/acme_int.h src/acme.c src/acme_account.c \
	src/acme_order.c src/acme_job.c src/acme_check.c src/acme_ari.c

# import of a purchased certificate, CSR, chain completion
libastcert_a_SOURCES += \
	src/import.h src/import.c src/source_import.c \
	src/chain.h src/chain.c src/aia.c

# domain checks before any CA is contacted
libastcert_a_SOURCES += \
	src/dns.h src/dns.c src/caa.c \
	src/checks.h src/checks_int.h src/checks.c src/checks_host.c \
	src/checks_http.c src/checks_dns01.c

# private CA, Asterisk deployment, renewal, the inventory
libastcert_a_SOURCES += src/ca.h src/ca.c src/ca_crl.c src/ca_export.c \
	src/asterisk.h src/asterisk.c src/deploy.h src/deploy.c \
	src/inventory.h src/inventory.c src/renew.h src/renew.c
