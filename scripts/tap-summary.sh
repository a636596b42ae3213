#!/bin/sh
# tap runs a reporter given as a program with the raw TAP on stdin (a .mjs path would be import()ed instead).
exec node "$(dirname "$0")/tap-summary.mjs"
