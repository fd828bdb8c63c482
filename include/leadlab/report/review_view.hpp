// Renderings for the close of a cycle: the brief analysis `review` shows before its
// questions, a stored review, the `next` plan, and the review text edited in $EDITOR.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/analysis/decision.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/review_answers.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// The analysis in brief: each metric's verdict, the success rule, how the change was
// carried out, and the suggested decision with its reason.
std::string render_review_brief(const Experiment& experiment, const ExperimentAnalysis& analysis,
                                const PlanAdherence& adherence,
                                const DecisionSuggestion& suggestion, const RenderOptions& options);

// "Cycle 2 of the series begun by experiment 1 (Ask before telling)", with the parent and
// the children; empty for an experiment alone in its series.
std::string render_lineage(const Lineage& lineage, const Experiment& experiment,
                           const RenderOptions& options);
nlohmann::json lineage_json(const Lineage& lineage);

// A stored review, as `show` and `review` print it.
std::string render_review(const Review& review, const RenderOptions& options);
nlohmann::json review_json(const Review& review);

// An experiment's comments, oldest first, under a "Comments" heading; empty without any.
std::string render_comments(const std::vector<Comment>& comments, const RenderOptions& options);
nlohmann::json comment_json(const Comment& comment);
// The comments an import brought that the owner has not seen, a line per experiment and
// author: "2 new comments from Ben on experiment 1: leadlab show 1"; empty without any.
std::string describe_new_comments(const std::vector<NewComments>& news);
// The same as [{"experiment": 1, "author": "Ben", "count": 2}].
nlohmann::json new_comments_json(const std::vector<NewComments>& news);

// The long answers of a review as a text to edit: one "## heading (key)" section per
// answer, with the current text under it; lines starting with "#" but not "##" are notes.
// The template's review prompts (answers.prompt_answers) follow "What did you learn", each
// under its own heading with the key "prompt N" (1-based).
std::string review_edit_text(const Experiment& experiment, const ReviewAnswers& answers);
// Reads back an edited text: the answer under each known "## ... (key)" heading, trimmed.
// Keys: observed, difference, learned, surprised, as_planned, next_step, and "prompt N"
// for each prompt the text was written with.
std::map<std::string, std::string> parse_review_edit(const std::string& text);

}  // namespace leadlab
