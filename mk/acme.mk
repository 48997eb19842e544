# SPDX-License-Identifier: GPL-3.0-or-later
# The acme path: engine sources, commands, tests.
