#include "input/bundle_records.hpp"

#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "leadlab/model/formula.hpp"
#include "leadlab/model/rules.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab::bundle_input {
namespace {

Metric read_metric(Reader& r, const Node& j, const Path& p) {
  r.object(j, p,
           {"uuid", "name", "label", "kind", "direction", "min", "max", "instructions", "formula",
            "created", "updated"});
  Metric m;
  m.uuid = r.uuid(j, p);
  m.name = r.text(j, p, "name");
  if (!is_metric_name(m.name)) r.fail(Reader::with(p, "name"), "is not a metric name");
  m.label = r.text(j, p, "label");
  const auto kind = parse_metric_kind(r.text(j, p, "kind"));
  if (!kind)
    r.fail(Reader::with(p, "kind"), "must be count, scale, minutes, yesno, percent or derived");
  m.kind = *kind;
  const auto direction = parse_direction(r.text(j, p, "direction"));
  if (!direction) r.fail(Reader::with(p, "direction"), "must be up or down");
  m.direction = *direction;
  m.scale_min = r.optional_number(j, p, "min");
  m.scale_max = r.optional_number(j, p, "max");
  if (m.kind == MetricKind::kScale &&
      (!m.scale_min || !m.scale_max || *m.scale_min >= *m.scale_max))
    r.fail(p, "is a scale without a range (min below max)");
  m.instructions = r.text(j, p, "instructions");
  m.formula = r.text(j, p, "formula");
  if (m.kind == MetricKind::kDerived) {
    try {
      (void)Formula::parse(m.formula);
    } catch (const FormulaError& e) {
      r.fail(Reader::with(p, "formula"), std::string("does not parse: ") + e.what());
    }
  }
  m.created = r.timestamp(j, p, "created");
  m.updated = r.timestamp(j, p, "updated");
  return m;
}

// Refuses the record at `path` with the first of the rule problems (model/rules.hpp) found.
void refuse(const Reader& r, const Path& path, const std::vector<std::string>& problems) {
  if (!problems.empty()) r.fail(path, "is refused: " + problems.front());
}

Entry read_entry(Reader& r, const Node& j, const Path& p, const Experiment& e) {
  r.object(
      j, p,
      {"uuid", "date", "time", "note", "as_planned", "deviation", "values", "created", "updated"});
  Entry entry;
  entry.uuid = r.uuid(j, p);
  entry.date = r.date(j, p, "date");
  entry.time = r.optional_text(j, p, "time");
  if (!entry.time.empty() && !is_clock(entry.time))
    r.fail(Reader::with(p, "time"), "is not a time (HH:MM)");
  entry.note = r.text(j, p, "note");
  entry.as_planned = r.boolean(j, p, "as_planned");
  entry.deviation = r.text(j, p, "deviation");
  const Node& values = j.at("values");
  if (!values.is_object())
    r.fail(Reader::with(p, "values"), "must be an object of metric names and numbers");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& name = values.key(i);
    const Node& value = values[i];
    // The path is made only for a message: on every good value it would cost an allocation.
    const auto at = [&] { return Reader::with(Reader::with(p, "values"), name); };
    const Metric* metric = e.find_metric(name);
    if (metric == nullptr || metric->kind == MetricKind::kDerived)
      r.fail(at(), "is not a metric of this experiment that takes values");
    if (!value.is_number() || !std::isfinite(value.get<double>())) r.fail(at(), "must be a number");
    if (const auto problem = value_problem(*metric, value.get<double>())) r.fail(at(), *problem);
    entry.values[name] = value.get<double>();
  }
  entry.created = r.timestamp(j, p, "created");
  entry.updated = r.timestamp(j, p, "updated");
  refuse(r, p, entry_problems(e, entry, r.latest()));
  return entry;
}

Review read_review(Reader& r, const Node& j, const Path& p) {
  r.object(j, p,
           {"uuid", "author", "prediction_met", "observed", "difference", "surprised", "as_planned",
            "learned", "decision", "next_step", "next_by", "commitment", "created", "updated"});
  Review v;
  v.uuid = r.uuid(j, p);
  v.author = r.text(j, p, "author");
  v.prediction_met = r.one_of(j, p, "prediction_met", {"", "yes", "partly", "no"});
  v.observed = r.text(j, p, "observed");
  v.difference = r.text(j, p, "difference");
  v.surprised = r.text(j, p, "surprised");
  v.as_planned = r.text(j, p, "as_planned");
  v.learned = r.text(j, p, "learned");
  v.decision = r.one_of(j, p, "decision", {"", "adopt", "adapt", "abandon"});
  v.next_step = r.text(j, p, "next_step");
  v.next_by = r.optional_date(j, p, "next_by");
  if (!j.at("commitment").is_null())
    v.commitment = static_cast<int>(r.integer(j, p, "commitment", 1, 10));
  v.created = r.timestamp(j, p, "created");
  v.updated = r.timestamp(j, p, "updated");
  refuse(r, p, review_problems(v));
  return v;
}

Comment read_comment(Reader& r, const Node& j, const Path& p) {
  r.object(j, p, {"uuid", "author", "text", "created", "updated"});
  Comment c;
  c.uuid = r.uuid(j, p);
  c.author = r.text(j, p, "author");
  c.text = r.text(j, p, "text");
  c.created = r.timestamp(j, p, "created");
  c.updated = r.timestamp(j, p, "updated");
  refuse(r, p, comment_problems(c));
  return c;
}

std::vector<Comment> read_comments(Reader& r, const Node& j, const Path& p) {
  std::vector<Comment> out;
  const Path cp = Reader::with(p, "comments");
  const Node& list = r.array(j.at("comments"), cp);
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(read_comment(r, list[i], Reader::with(cp, i)));
  return out;
}

// An experiment's randomised start: null, or {first, last, drawn, started} with
// 1 <= first <= drawn <= last <= 500 and started null or a whole number from 1.
std::optional<RandomStart> read_random_start(Reader& r, const Node& j, const Path& p) {
  if (j.at("random_start").is_null()) return std::nullopt;
  const Path rp = Reader::with(p, "random_start");
  const Node& o = r.object(j.at("random_start"), rp, {"first", "last", "drawn", "started"});
  RandomStart design;
  design.first = static_cast<int>(r.integer(o, rp, "first", 1, 500));
  design.last = static_cast<int>(r.integer(o, rp, "last", design.first, 500));
  design.drawn = static_cast<int>(r.integer(o, rp, "drawn", design.first, design.last));
  if (!o.at("started").is_null())
    design.started = static_cast<int>(r.integer(o, rp, "started", 1, 1000000));
  return design;
}

}  // namespace

BundleExperiment read_experiment(Reader& r, const Node& j, const Path& p, bool comments_only,
                                 int version) {
  BundleExperiment b;
  Experiment& e = b.experiment;
  if (comments_only) {
    r.object(j, p, {"uuid", "title", "comments"});
    e.uuid = r.uuid(j, p);
    e.title = r.text(j, p, "title");
    b.comments = read_comments(r, j, p);
    return b;
  }
  // Version 3 added random_start; an older bundle has none and says nothing about it.
  b.carries_random_start = version >= 3;
  if (b.carries_random_start) {
    r.object(j, p, {"uuid",        "title",        "hypothesis",
                    "change",      "prediction",   "prediction_why",
                    "occasion",    "success_rule", "baseline_points",
                    "test_points", "template",     "follows",
                    "cycle",       "status",       "baseline_start",
                    "test_start",  "random_start", "closed",
                    "tags",        "created",      "updated",
                    "metrics",     "entries",      "reviews",
                    "comments"});
    e.random_start = read_random_start(r, j, p);
  } else {
    r.object(j, p,
             {"uuid",           "title",    "hypothesis",   "change",          "prediction",
              "prediction_why", "occasion", "success_rule", "baseline_points", "test_points",
              "template",       "follows",  "cycle",        "status",          "baseline_start",
              "test_start",     "closed",   "tags",         "created",         "updated",
              "metrics",        "entries",  "reviews",      "comments"});
  }
  e.uuid = r.uuid(j, p);
  e.title = r.text(j, p, "title");
  e.hypothesis = r.text(j, p, "hypothesis");
  e.change = r.text(j, p, "change");
  e.prediction = r.text(j, p, "prediction");
  e.prediction_why = r.text(j, p, "prediction_why");
  e.occasion = r.text(j, p, "occasion");
  e.success_rule = r.text(j, p, "success_rule");
  e.baseline_points = static_cast<int>(r.integer(j, p, "baseline_points", 0, 1000));
  e.test_points = static_cast<int>(r.integer(j, p, "test_points", 0, 1000));
  e.template_name = r.optional_text(j, p, "template");
  if (!j.at("follows").is_null()) {
    b.follows_uuid = r.text(j, p, "follows");
    if (!is_uuid(b.follows_uuid)) r.fail(Reader::with(p, "follows"), "is not a UUID");
  }
  e.cycle = static_cast<int>(r.integer(j, p, "cycle", 1, 1000000));
  const auto status = parse_status(r.text(j, p, "status"));
  if (!status) r.fail(Reader::with(p, "status"), "must be draft, baseline, testing or closed");
  e.status = *status;
  e.baseline_start = r.optional_date(j, p, "baseline_start");
  e.test_start = r.optional_date(j, p, "test_start");
  e.closed = r.optional_text(j, p, "closed");
  if (!e.closed.empty() && !is_timestamp(e.closed))
    r.fail(Reader::with(p, "closed"), "is not a timestamp (2026-11-22T19:02:03.123Z)");
  const Path tp = Reader::with(p, "tags");
  const Node& tags = r.array(j.at("tags"), tp);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (!tags[i].is_string() || tags[i].get<std::string>().size() > 200)
      r.fail(Reader::with(tp, i), "must be a short text");
    if (const auto problem = tag_problem(tags[i].get<std::string>()))
      r.fail(Reader::with(tp, i), "is not a tag: it " + *problem);
    e.tags.push_back(tags[i].get<std::string>());
  }
  e.created = r.timestamp(j, p, "created");
  e.updated = r.timestamp(j, p, "updated");

  const Path mp = Reader::with(p, "metrics");
  const Node& metrics = r.array(j.at("metrics"), mp);
  std::set<std::string> names;
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    Metric m = read_metric(r, metrics[i], Reader::with(mp, i));
    if (!names.insert(m.name).second)
      r.fail(Reader::with(Reader::with(mp, i), "name"), "names a metric twice");
    e.metrics.push_back(std::move(m));
  }
  for (std::size_t i = 0; i < e.metrics.size(); ++i) {
    if (e.metrics[i].kind != MetricKind::kDerived) continue;
    const Formula formula = Formula::parse(e.metrics[i].formula);
    for (const auto& name : formula.names()) {
      const Metric* used = e.find_metric(name);
      if (used == nullptr || used->kind == MetricKind::kDerived)
        r.fail(Reader::with(Reader::with(mp, i), "formula"),
               "uses " + name + ", which is not a metric of this experiment");
    }
  }
  refuse(r, p, experiment_problems(e));
  const Path ep = Reader::with(p, "entries");
  const Node& entries = r.array(j.at("entries"), ep);
  for (std::size_t i = 0; i < entries.size(); ++i)
    b.entries.push_back(read_entry(r, entries[i], Reader::with(ep, i), e));
  const Path rp = Reader::with(p, "reviews");
  const Node& reviews = r.array(j.at("reviews"), rp);
  for (std::size_t i = 0; i < reviews.size(); ++i)
    b.reviews.push_back(read_review(r, reviews[i], Reader::with(rp, i)));
  b.comments = read_comments(r, j, p);
  return b;
}

Tombstone read_tombstone(Reader& r, const Node& j, const Path& p) {
  r.object(j, p, {"uuid", "kind", "deleted"});
  Tombstone t;
  t.uuid = r.text(j, p, "uuid");
  if (!is_uuid(t.uuid)) r.fail(Reader::with(p, "uuid"), "is not a UUID");
  t.kind = r.one_of(j, p, "kind", {"entry", "experiment", "comment"});
  t.deleted = r.timestamp(j, p, "deleted");
  return t;
}

}  // namespace leadlab::bundle_input
