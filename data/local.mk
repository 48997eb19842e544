# SPDX-License-Identifier: GPL-3.0-or-later
# Installed data: configuration defaults, the man page, bash completion.
dist_man_MANS = data/astcert.8
astcertconfdir = $(sysconfdir)/astcert
dist_astcertconf_DATA = data/astcert.conf
# the wizard's country pick-list (ISO 3166-1, from Debian's iso-codes)
dist_pkgdata_DATA = data/countries

# astcert(8) in every language of po/LINGUAS, its NAME line translated
# (man -L fr astcert, apropos): data/man-l10n takes it from the catalogue.
EXTRA_DIST += data/man-name.c data/man-l10n
install-data-local: install-man-l10n
uninstall-local: uninstall-man-l10n
install-man-l10n:
	@for l in `sed 's/#.*//' $(srcdir)/po/LINGUAS`; do \
		echo " $(MKDIR_P) '$(DESTDIR)$(mandir)/'$$l/man8"; \
		$(MKDIR_P) '$(DESTDIR)$(mandir)/'$$l/man8 && \
		$(SHELL) $(srcdir)/data/man-l10n $(srcdir)/data/astcert.8 \
			$(srcdir)/po/$$l.po \
			>'$(DESTDIR)$(mandir)/'$$l/man8/astcert.8.tmp && \
		chmod 644 '$(DESTDIR)$(mandir)/'$$l/man8/astcert.8.tmp && \
		mv -f '$(DESTDIR)$(mandir)/'$$l/man8/astcert.8.tmp \
			'$(DESTDIR)$(mandir)/'$$l/man8/astcert.8 || exit 1; \
	done
uninstall-man-l10n:
	@for l in `sed 's/#.*//' $(srcdir)/po/LINGUAS`; do \
		rm -f '$(DESTDIR)$(mandir)/'$$l/man8/astcert.8; \
	done
.PHONY: install-man-l10n uninstall-man-l10n

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
