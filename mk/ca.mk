# SPDX-License-Identifier: GPL-3.0-or-later
# The ca path: private CA, Asterisk deployment, renewal, status.
libastcert_a_SOURCES += src/ca.h src/ca.c src/ca_crl.c src/ca_export.c \
	src/asterisk.h src/asterisk.c src/deploy.h src/deploy.c \
	src/inventory.h src/inventory.c src/renew.h src/renew.c
astcert_SOURCES += ui/cmd_ca.c ui/cmd_deploy.c ui/cmd_renew.c \
	ui/cmd_status.c
AM_CPPFLAGS += -DPKGDATADIR=\"$(pkgdatadir)\"

# Asterisk include-file templates, read by 'astcert deploy'.
astcerttmpldir = $(pkgdatadir)/asterisk
dist_astcerttmpl_DATA = data/asterisk/pjsip.conf.tmpl \
	data/asterisk/http.conf.tmpl

# The renewal timer; the service names the installed binary.
systemdsystemunit_DATA = data/astcert-renew.service data/astcert-renew.timer
data/astcert-renew.service: $(srcdir)/data/astcert-renew.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data && \
	sed -e 's|@bindir[@]|$(bindir)|g' \
		$(srcdir)/data/astcert-renew.service.in > $@.tmp && mv $@.tmp $@
EXTRA_DIST += data/astcert-renew.service.in data/astcert-renew.timer
CLEANFILES += data/astcert-renew.service

# Unit tests
check_PROGRAMS += tests/unit/test_ca
tests_unit_test_ca_CFLAGS = $(unit_cflags)
tests_unit_test_ca_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_ca

# Shell tests: the real binary; kamailio on loopback in a network namespace
TESTS += tests/ca/ca.sh tests/ca/renew.sh tests/ca/kamailio.sh tests/ca/faults.sh
EXTRA_DIST += tests/ca/ca.sh tests/ca/renew.sh tests/ca/kamailio.sh tests/ca/faults.sh \
	tests/ca/kamailio.cfg tests/ca/run-kamailio.sh \
	tests/ca/sip-options-tls.sh
