#include "leadlab/report/bundle_writer.hpp"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "leadlab/model/dates.hpp"
#include "leadlab/report/json_text.hpp"
#include "leadlab/report/json_view.hpp"

namespace leadlab {
namespace {

using nlohmann::json;

json optional_text(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json optional_day(const std::optional<Day>& day) {
  return day ? json(format_date(*day)) : json(nullptr);
}

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

// Counts and yes/no answers print as whole numbers; other values as they are.
json stored_value(const Metric& metric, double value) {
  const bool whole = metric.kind == MetricKind::kCount || metric.kind == MetricKind::kYesNo;
  if (whole && value == std::floor(value) && std::abs(value) < 9e15)
    return static_cast<std::int64_t>(value);
  return value;
}

json metric_record(const Metric& m) {
  return {{"uuid", m.uuid},
          {"name", m.name},
          {"label", m.label},
          {"kind", to_string(m.kind)},
          {"direction", to_string(m.direction)},
          {"min", optional_number(m.scale_min)},
          {"max", optional_number(m.scale_max)},
          {"instructions", m.instructions},
          {"formula", m.formula},
          {"created", m.created},
          {"updated", m.updated}};
}

json entry_record(const Experiment& e, const Entry& entry) {
  json values = json::object();
  for (const auto& [name, value] : entry.values) {
    const Metric* metric = e.find_metric(name);
    if (metric == nullptr || metric->kind == MetricKind::kDerived) continue;
    values[name] = stored_value(*metric, value);
  }
  return {
      {"uuid", entry.uuid}, {"date", format_date(entry.date)}, {"time", optional_text(entry.time)},
      {"note", entry.note}, {"as_planned", entry.as_planned},  {"deviation", entry.deviation},
      {"values", values},   {"created", entry.created},        {"updated", entry.updated}};
}

json review_record(const Review& r) {
  return {{"uuid", r.uuid},
          {"author", r.author},
          {"prediction_met", r.prediction_met},
          {"observed", r.observed},
          {"difference", r.difference},
          {"surprised", r.surprised},
          {"as_planned", r.as_planned},
          {"learned", r.learned},
          {"decision", r.decision},
          {"next_step", r.next_step},
          {"next_by", optional_day(r.next_by)},
          {"commitment", r.commitment ? json(*r.commitment) : json(nullptr)},
          {"created", r.created},
          {"updated", r.updated}};
}

json comment_record(const Comment& c) {
  return {{"uuid", c.uuid},
          {"author", c.author},
          {"text", c.text},
          {"created", c.created},
          {"updated", c.updated}};
}

json experiment_record(const BundleExperiment& b, bool comments_only) {
  const Experiment& e = b.experiment;
  json comments = json::array();
  for (const auto& c : b.comments) comments.push_back(comment_record(c));
  if (comments_only) return {{"uuid", e.uuid}, {"title", e.title}, {"comments", comments}};
  json metrics = json::array();
  for (const auto& m : e.metrics) metrics.push_back(metric_record(m));
  json entries = json::array();
  for (const auto& entry : b.entries) entries.push_back(entry_record(e, entry));
  json reviews = json::array();
  for (const auto& r : b.reviews) reviews.push_back(review_record(r));
  // The fields an experiment has wherever it is written, and those only a bundle has.
  json j = experiment_fields_json(e);
  j["baseline_points"] = e.baseline_points;
  j["test_points"] = e.test_points;
  j["follows"] = optional_text(b.follows_uuid);
  j["metrics"] = std::move(metrics);
  j["entries"] = std::move(entries);
  j["reviews"] = std::move(reviews);
  j["comments"] = std::move(comments);
  return j;
}

// `value` as dump_json prints it, each line after the first indented by `indent` more.
void write_indented(std::ostream& out, const json& value, const std::string& indent) {
  const std::string text = dump_json(value);
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    out << indent;
    from = nl + 1;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

}  // namespace

void BundleWriter::header(const std::string& kind, const std::string& owner,
                          const BundleOmits& without) {
  comments_only_ = kind == "comments";
  json omitted = json::array();
  if (without.notes) omitted.push_back("notes");
  if (without.comments) omitted.push_back("comments");
  // The header first, so that a reader knows the version, and what a partial bundle leaves
  // out, before any record.
  out_ << "{\n  \"format\": " << dump_json(kBundleFormatName, -1)
       << ",\n  \"version\": " << kBundleVersion << ",\n  \"kind\": " << dump_json(kind, -1)
       << ",\n  \"owner\": " << dump_json(owner, -1)
       << ",\n  \"without\": " << dump_json(omitted, -1) << ",\n  \"experiments\": [";
}

void BundleWriter::experiment(const BundleExperiment& experiment) {
  out_ << (first_ ? "\n    " : ",\n    ");
  write_indented(out_, experiment_record(experiment, comments_only_), "    ");
  first_ = false;
}

void BundleWriter::tombstones(const std::vector<Tombstone>& tombstones) {
  out_ << (first_ ? "]" : "\n  ]") << ",\n  \"tombstones\": [";
  bool first = true;
  for (const auto& t : tombstones) {
    out_ << (first ? "\n    " : ",\n    ");
    write_indented(out_, {{"uuid", t.uuid}, {"kind", t.kind}, {"deleted", t.deleted}}, "    ");
    first = false;
  }
  out_ << (first ? "]" : "\n  ]") << "\n}\n";
}

}  // namespace leadlab
