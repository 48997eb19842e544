# SPDX-License-Identifier: GPL-3.0-or-later
# The checks path: engine sources, commands, tests.
