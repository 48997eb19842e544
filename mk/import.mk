# SPDX-License-Identifier: GPL-3.0-or-later
# The import path: engine sources, commands, tests.
