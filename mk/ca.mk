# SPDX-License-Identifier: GPL-3.0-or-later
# The ca path: engine sources, commands, tests.
