#include "leadlab/analysis/next.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

// The command that creates what a creating item describes.
std::string create_command(const NextItem& item) {
  std::string command = "leadlab new";
  if (!item.template_name.empty()) command += " --template " + shell_quote(item.template_name);
  if (item.follows) command += " --follows " + std::to_string(*item.follows);
  if (!item.overrides.title.empty()) command += " --title " + shell_quote(item.overrides.title);
  if (!item.overrides.occasion.empty())
    command += " --occasion " + shell_quote(item.overrides.occasion);
  return command;
}

NextItem creating(std::string kind, std::string text, std::string template_name,
                  std::optional<std::int64_t> follows, ExperimentSpec overrides = {}) {
  NextItem item;
  item.kind = std::move(kind);
  item.experiment = follows.value_or(0);
  item.text = std::move(text);
  item.creates = true;
  item.template_name = std::move(template_name);
  item.follows = follows;
  item.overrides = std::move(overrides);
  item.command = create_command(item);
  return item;
}

// Another occasion for "the same change in a new context".
std::pair<std::string, std::string> other_context(const std::string& occasion) {
  if (occasion == "meeting") return {"1:1", "in 1:1s"};
  return {"meeting", "in meetings"};
}

void add_decision_suggestions(NextPlan& plan, const LatestDecision& latest,
                              const TemplateLibrary& templates) {
  const Experiment& parent = latest.experiment;
  const std::int64_t id = parent.id;
  const Template* from =
      parent.template_name.empty() ? nullptr : templates.find(parent.template_name);
  if (latest.review.decision == "adopt") {
    if (from != nullptr) {
      for (const auto& name : from->follow_ups) {
        if (const Template* next = templates.find(name)) {
          plan.items.push_back(
              creating("follow-up",
                       "Build on \"" + parent.title + "\": " + next->title + " — " + next->summary,
                       name, id));
        }
      }
    }
    const auto [occasion, where] = other_context(parent.occasion);
    ExperimentSpec overrides;
    // A title, not the parent's title with the context glued on (which may name the old
    // context): the template's own title in the new context, else the context first.
    overrides.title =
        from != nullptr ? from->title + " " + where : "In " + where.substr(3) + ": " + parent.title;
    overrides.occasion = occasion;
    plan.items.push_back(creating("new-context", "Try the same change in a new context: " + where,
                                  "", id, overrides));
  } else if (latest.review.decision == "adapt") {
    ExperimentSpec overrides;
    overrides.title = parent.title + " (smaller)";
    plan.items.push_back(creating(
        "smaller",
        "Test a smaller or easier version of \"" + parent.title +
            "\": at a terminal you are asked for each field with the old one as the default, "
            "so rewrite the change (or give --change)",
        "", id, overrides));
  } else if (latest.review.decision == "abandon") {
    const std::string area = from != nullptr ? from->area : "";
    int offered = 0;
    for (const auto& t : templates.templates()) {
      if (offered == 3) break;
      if (t.area == area || t.name == parent.template_name) continue;
      plan.items.push_back(creating(
          "other-area", "Try another behaviour (" + t.area + "): " + t.title + " — " + t.summary,
          t.name, id));
      ++offered;
    }
  }
}

std::vector<std::string> questions_for(const NextPlan& plan,
                                       const std::optional<LatestDecision>& latest) {
  auto has = [&](const char* kind) {
    return std::any_of(plan.items.begin(), plan.items.end(),
                       [&](const NextItem& i) { return i.kind == kind; });
  };
  if (has("begin")) {
    return {"What's on your mind about how you lead right now?",
            "What do you want more of from your team, and how would you notice it?",
            "What is one small thing you could try differently in your next meeting?"};
  }
  if (has("review-due")) {
    return {"What was supposed to happen, and what actually happened?",
            "Why was there a difference? What surprised you?",
            "What will you do differently next time?"};
  }
  if (latest && latest->review.decision == "adopt") {
    return {"What else could you do to build on this? (Options)",
            "What exactly will you do next, and by when? (Will)",
            "If you say yes to this, what are you saying no to?"};
  }
  if (latest && latest->review.decision == "adapt") {
    return {"What got in the way of doing it as planned?",
            "What is the smallest version of the change you would certainly do?",
            "How committed are you, 1-10? What would make it a 10?"};
  }
  if (latest && latest->review.decision == "abandon") {
    return {"What's the real challenge here for you?", "What else could you try? And what else?",
            "What do you want from the next experiment?"};
  }
  if (has("stale")) {
    return {"What made logging hard lately?",
            "What would make logging an occasion take ten seconds?"};
  }
  return {"What is the experiment teaching you so far?",
          "What would make the next occasion a better test of the change?"};
}

}  // namespace

NextPlan plan_next(const std::vector<ExperimentRow>& experiments,
                   const std::optional<LatestDecision>& latest, const TemplateLibrary& templates,
                   Day today) {
  NextPlan plan;
  for (const auto& [e, stats] : experiments) {
    if (e.status == Status::kTesting && stats.test_points >= e.test_points) {
      NextItem item{"review-due", e.id,
                    "Review \"" + e.title + "\": " + std::to_string(stats.test_points) + " of " +
                        std::to_string(e.test_points) + " planned test points are in",
                    "leadlab review " + std::to_string(e.id)};
      plan.items.push_back(std::move(item));
    }
  }
  for (const auto& [e, stats] : experiments) {
    if (auto advice = random_start_advice(e, stats.baseline_points + stats.test_points)) {
      (*advice)[0] = static_cast<char>(std::toupper(static_cast<unsigned char>((*advice)[0])));
      // When the drawn occasion is next, start; when it was logged already, find its date.
      const bool next = stats.baseline_points + stats.test_points + 1 == e.random_start->drawn;
      plan.items.push_back({"start-due", e.id, "\"" + e.title + "\": " + *advice,
                            (next ? "leadlab start " : "leadlab entries ") + std::to_string(e.id)});
    }
  }
  for (const auto& [e, stats] : experiments) {
    if (e.status != Status::kBaseline && e.status != Status::kTesting) continue;
    const auto since =
        stats.last_entry ? stats.last_entry : (e.test_start ? e.test_start : e.baseline_start);
    if (!since || (today - *since).count() < kStaleDays) continue;
    const auto days = (today - *since).count();
    plan.items.push_back({"stale", e.id,
                          "Nothing logged for \"" + e.title + "\" for " + std::to_string(days) +
                              " days: log the last occasion (give its --date) or adapt the plan",
                          "leadlab log " + std::to_string(e.id)});
  }
  if (latest) {
    plan.next_step = pending_step(*latest, today);
    NextPlan offered;
    add_decision_suggestions(offered, *latest, templates);
    for (auto& item : offered.items)
      if (taken_up_by(item, latest->children) == nullptr) plan.items.push_back(std::move(item));
  }
  if (experiments.empty()) {
    const std::string name = templates.find("question-ratio") ? "question-ratio"
                             : templates.templates().empty()  ? ""
                                                              : templates.templates().front().name;
    if (!name.empty()) {
      plan.items.push_back(
          creating("begin",
                   "Begin with a ready experiment: " + templates.find(name)->title +
                       " (see all with `leadlab templates`)",
                   name, std::nullopt));
    } else {
      plan.items.push_back({"begin", 0, "Begin with your first experiment", "leadlab new"});
    }
  }
  plan.questions = questions_for(plan, latest);
  return plan;
}

std::string PendingStep::describe(Day today) const {
  std::string out =
      "Your next step from the review of experiment " + std::to_string(experiment) + ": " + text;
  if (by && days_past == 0) out += ", by " + describe_date(*by, today);
  if (commitment) out += ", commitment " + std::to_string(*commitment) + "/10";
  if (by && days_past > 0)
    out += ". It was due " + describe_date(*by, today) +
           ": it is past; do it now, or set yourself a new date";
  return out;
}

std::optional<PendingStep> pending_step(const LatestDecision& latest, Day today) {
  const Review& r = latest.review;
  if (r.next_step.empty() || !latest.children.empty()) return std::nullopt;
  PendingStep step{latest.experiment.id, r.next_step, r.next_by, r.commitment};
  if (r.next_by && *r.next_by < today) {
    step.days_past = static_cast<int>((today - *r.next_by).count());
    if (step.days_past > kPastStepDays) return std::nullopt;
  }
  return step;
}

const Experiment* taken_up_by(const NextItem& item, const std::vector<Experiment>& children) {
  for (const auto& child : children) {
    if (!item.template_name.empty()        ? child.template_name == item.template_name
        : !item.overrides.occasion.empty() ? child.occasion == item.overrides.occasion
                                           : true)
      return &child;
  }
  return nullptr;
}

ExperimentSpec spec_for(const NextItem& item, const std::optional<Experiment>& parent,
                        const TemplateLibrary& templates) {
  ExperimentSpec spec;
  if (parent) spec = spec_from_experiment(*parent);
  if (!item.template_name.empty())
    spec = apply_overrides(spec, spec_from_template(templates.require(item.template_name)));
  spec = apply_overrides(spec, item.overrides);
  spec.follows = item.follows;
  if (parent) retag_for_occasion(spec, parent->occasion);
  return spec;
}

}  // namespace leadlab
