# SPDX-License-Identifier: GPL-3.0-or-later
# Installed data: configuration defaults and the man page.
dist_man_MANS = data/astcert.8
astcertconfdir = $(sysconfdir)/astcert
dist_astcertconf_DATA = data/astcert.conf
