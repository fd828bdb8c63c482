#!/usr/bin/env bash
# A realistic first experiment, as a leader would log it: ask more questions than you make
# statements in the weekly team meeting. Five baseline meetings, then six with the change.
#   LEADLAB_JOURNAL=/tmp/demo/journal.db examples/question-ratio.sh [path/to/leadlab]
# Uses the journal named by LEADLAB_JOURNAL (or --journal in LEADLAB_ARGS); run it on an
# empty journal.
set -euo pipefail
leadlab=${1:-leadlab}
ll() { "$leadlab" ${LEADLAB_ARGS:-} "$@"; }

ll init --owner "Ana Lima"
ll new --title "Ask before telling" \
  --hypothesis "If I open each agenda item with a question instead of my view, the team will propose more of the ideas" \
  --change "Open every agenda item with an open question and hold my own view until others have spoken" \
  --prediction "My share of questions rises from about a quarter to over half" \
  --why "When I speak first, people wait for my answer instead of offering theirs" \
  --occasion meeting \
  --metric questions:count:up --metric statements:count:down \
  --derive "share = questions / (questions + statements)" \
  --baseline-points 5 --test-points 6 --tag meetings --tag questions

ll baseline 1 --date 2026-09-28
ll log 1 questions=3 statements=9  --date 2026-09-28 --note "Budget review; I explained the cuts before anyone asked"
ll log 1 questions=2 statements=11 --date 2026-10-01 --note "Ran long; mostly status updates from me"
ll log 1 questions=4 statements=10 --date 2026-10-05 --note "Priya pushed back on the roadmap, I defended it"
ll log 1 questions=3 statements=8  --date 2026-10-08 --note "Short meeting, two decisions made by me"
ll log 1 questions=2 statements=12 --date 2026-10-12 --note "Incident retro; I did most of the talking"

ll start 1 --date 2026-10-15
ll log 1 questions=6 statements=7  --date 2026-10-15 --note "Awkward silences after the first questions"
ll log 1 questions=8 statements=6  --date 2026-10-19 --note "Quiet start, then ideas from Tom and Priya"
ll log 1 questions=7 statements=8  --date 2026-10-22 --off-plan "Gave my view first on the hiring item" \
  --note "Slipped back under time pressure"
ll log 1 questions=9 statements=5  --date 2026-10-26 --note "Team proposed the release plan themselves"
ll log 1 questions=10 statements=6 --date 2026-10-29 --note "Two new people spoke up for the first time"
ll log 1 questions=8 statements=4  --date 2026-11-02 --note "Decision on on-call rota came from the team"
