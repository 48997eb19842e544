# SPDX-License-Identifier: GPL-3.0-or-later
# Installed data: configuration defaults, the man page, bash completion.
dist_man_MANS = data/astcert.8
astcertconfdir = $(sysconfdir)/astcert
dist_astcertconf_DATA = data/astcert.conf
# the wizard's country pick-list (ISO 3166-1, from Debian's iso-codes)
dist_pkgdata_DATA = data/countries

# bash-completion loads completions/COMMAND on demand, so the file is
# installed under the command's name.
bashcompletiondir = $(datadir)/bash-completion/completions
EXTRA_DIST += data/astcert.bash-completion
install-data-local: install-bash-completion
uninstall-local: uninstall-bash-completion
install-bash-completion:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	$(INSTALL_DATA) $(srcdir)/data/astcert.bash-completion \
		'$(DESTDIR)$(bashcompletiondir)/astcert'
uninstall-bash-completion:
	rm -f '$(DESTDIR)$(bashcompletiondir)/astcert'
.PHONY: install-bash-completion uninstall-bash-completion

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
