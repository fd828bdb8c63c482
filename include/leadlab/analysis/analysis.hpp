// Is the change working? Baseline-against-test statistics, run-chart signals, the success
// rule and an honest verdict sentence, as pure functions over a metric's values.
//
// Everything here takes values in time order and returns values: no database, no terminal.
// Each statistic cites its formula and source where it is declared. Every string produced
// here is pure ASCII, so the same text serves `--ascii` terminals, Markdown and JSON.
//
// The parts: effect_size.hpp (phase statistics, adequacy, NAP, Tau, Tau-U, PND, baseline
// drift), run_chart.hpp (shift, trend, runs, crossings), verdict.hpp (a metric's analysis,
// its verdict sentence, the success rule's result). Include the part you need, or this.
#pragma once

#include "leadlab/analysis/effect_size.hpp"
#include "leadlab/analysis/run_chart.hpp"
#include "leadlab/analysis/verdict.hpp"
