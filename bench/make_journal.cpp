// Makes a heavy, realistic journal for the benchmark, reproducibly from a seed: the same
// arguments give the same records (UUIDs and timestamps included), through the engine's own
// storage layer, in one transaction.
//   leadlab_bench_journal PATH [--seed N] [--experiments N] [--entries N] [--today YYYY-MM-DD]
#include <array>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace {

using leadlab::Day;

constexpr std::array kWords = {
    "budget", "roadmap", "quiet", "ideas",    "Priya",     "pushed", "back",     "decision",
    "team",   "asked",   "first", "silence",  "waited",    "retro",  "incident", "plan",
    "hiring", "offsite", "1:1",   "feedback", "delegated", "owner",  "options",  "surprised",
    "long",   "short",   "again", "noticed",  "energy",    "agenda", "together", "later"};

struct Rng {
  std::mt19937_64 gen;
  explicit Rng(std::uint64_t seed) : gen(seed) {}
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
  bool chance(double p) { return std::bernoulli_distribution(p)(gen); }
  std::string uuid() {
    static const char* hex = "0123456789abcdef";
    std::string s(36, '0');
    for (std::size_t i = 0; i < 36; ++i) s[i] = hex[gen() & 15];
    s[8] = s[13] = s[18] = s[23] = '-';
    s[14] = '4';
    s[19] = hex[8 + (gen() & 3)];
    return s;
  }
  std::string sentence(int words) {
    std::string s;
    for (int i = 0; i < words; ++i)
      s += (i ? " " : "") + std::string(kWords[gen() % kWords.size()]);
    return s;
  }
};

std::string stamp(Day day, int seconds) {
  char clock[32];
  std::snprintf(clock, sizeof clock, "T%02d:%02d:%02d.000Z", seconds / 3600 % 24, seconds / 60 % 60,
                seconds % 60);
  return leadlab::format_date(day) + clock;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: leadlab_bench_journal PATH [--seed N] [--experiments N] [--entries N]"
                 " [--today YYYY-MM-DD]\n";
    return 2;
  }
  const std::string path = argv[1];
  std::uint64_t seed = 1;
  int experiments = 1000;
  long entries_total = 200000;
  Day today = *leadlab::parse_iso_date("2026-11-20");
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--seed")
      seed = std::stoull(value);
    else if (flag == "--experiments")
      experiments = std::stoi(value);
    else if (flag == "--entries")
      entries_total = std::stol(value);
    else if (flag == "--today")
      today = *leadlab::parse_iso_date(value);
  }
  Rng rng(seed);
  leadlab::Journal journal = leadlab::Journal::create(path, "Ana Lima");
  auto tx = journal.begin_write();
  constexpr int kActive = 30;
  const auto active_points = [](int n) { return 3 + (n * 7) % 13; };  // 3 to 15
  long active_entries = 0;
  for (int n = std::max(experiments - kActive, 0); n < experiments; ++n)
    active_entries += active_points(n);
  const long per_experiment = (entries_total - active_entries) / std::max(experiments - kActive, 1);
  long made = 0;
  for (int n = 0; n < experiments; ++n) {
    leadlab::Experiment e;
    e.uuid = rng.uuid();
    e.title = "Experiment " + std::to_string(n + 1) + ": " + rng.sentence(4);
    e.hypothesis = "If I " + rng.sentence(8) + ", then " + rng.sentence(8);
    e.change = rng.sentence(12);
    e.prediction = rng.sentence(10);
    e.prediction_why = rng.sentence(10);
    e.occasion = rng.chance(0.6) ? "meeting" : "1:1";
    e.baseline_points = 5;
    e.test_points = rng.between(5, 8);
    e.tags = {rng.chance(0.5) ? "meetings" : "1on1s"};
    // Experiments follow one another evenly over ten years up to today, each lasting about
    // two days per entry, so that a hundred or so overlap at any time and none is in the future.
    // An experiment still running is in its baseline or test: a few points so far. The
    // closed ones hold the rest (the last closed one takes what rounding left over).
    const bool active = n >= experiments - kActive;
    const int last_closed = experiments - kActive - 1;
    const long count = active             ? active_points(n)
                       : n == last_closed ? entries_total - made - active_entries
                                          : per_experiment;
    const int span_days = static_cast<int>(count) * 2 + 14;
    const int years = 3650;
    const int lead =
        experiments > 1 ? (experiments - 1 - n) * std::max(years - span_days, 0) / (experiments - 1)
                        : 0;
    const Day start = today - std::chrono::days(span_days + lead);
    e.status = active ? (rng.chance(0.3) ? leadlab::Status::kBaseline : leadlab::Status::kTesting)
                      : leadlab::Status::kClosed;
    e.baseline_start = start;
    const Day test_start = start + std::chrono::days(span_days / 3);
    if (e.status != leadlab::Status::kBaseline) e.test_start = test_start;
    e.created = e.updated = stamp(start, n * 37);
    if (!active) e.closed = stamp(start + std::chrono::days(span_days), n * 41);
    const bool share = rng.chance(0.7);
    auto metric = [&](const std::string& name, leadlab::MetricKind kind, leadlab::Direction d) {
      leadlab::Metric m;
      m.uuid = rng.uuid();
      m.name = name;
      m.kind = kind;
      m.direction = d;
      if (kind == leadlab::MetricKind::kScale) {
        m.scale_min = 1;
        m.scale_max = 5;
      }
      return m;
    };
    if (share) {
      e.metrics.push_back(
          metric("questions", leadlab::MetricKind::kCount, leadlab::Direction::kUp));
      e.metrics.push_back(
          metric("statements", leadlab::MetricKind::kCount, leadlab::Direction::kDown));
      auto d = metric("share", leadlab::MetricKind::kDerived, leadlab::Direction::kUp);
      d.formula = "questions / (questions + statements)";
      e.metrics.push_back(d);
    } else {
      e.metrics.push_back(metric("options", leadlab::MetricKind::kCount, leadlab::Direction::kUp));
      e.metrics.push_back(metric("energy", leadlab::MetricKind::kScale, leadlab::Direction::kUp));
      e.metrics.push_back(
          metric("talk_minutes", leadlab::MetricKind::kMinutes, leadlab::Direction::kDown));
    }
    if (n > 0 && rng.chance(0.3)) {
      e.follows = n;  // the previous experiment: ids count from 1
      e.cycle = 2;
    }
    journal.insert_experiment(e);
    for (long k = 0; k < count; ++k) {
      leadlab::Entry entry;
      entry.uuid = rng.uuid();
      entry.date = start + std::chrono::days(k * span_days / std::max<long>(count, 1));
      const bool testing = e.test_start && entry.date >= *e.test_start;
      if (share) {
        entry.values["questions"] = rng.between(testing ? 4 : 1, testing ? 10 : 5);
        entry.values["statements"] = rng.between(testing ? 3 : 6, testing ? 9 : 12);
      } else {
        entry.values["options"] = rng.between(testing ? 2 : 0, testing ? 6 : 3);
        entry.values["energy"] = rng.between(1, 5);
        entry.values["talk_minutes"] = rng.between(5, 40);
      }
      if (rng.chance(0.5)) entry.note = rng.sentence(rng.between(3, 14));
      if (testing && rng.chance(0.1)) {
        entry.as_planned = false;
        entry.deviation = rng.sentence(5);
      }
      entry.created = entry.updated = stamp(entry.date, static_cast<int>(k) * 13 + 28800);
      journal.insert_entry(entry, e);
      ++made;
    }
    if (!active) {
      leadlab::Review r;
      r.uuid = rng.uuid();
      r.experiment_id = e.id;
      r.prediction_met = rng.chance(0.5) ? "yes" : "partly";
      r.observed = rng.sentence(12);
      r.learned = rng.sentence(10);
      r.decision = rng.chance(0.6) ? "adopt" : (rng.chance(0.5) ? "adapt" : "abandon");
      r.next_step = rng.sentence(8);
      r.commitment = rng.between(5, 10);
      r.author = "Ana Lima";
      r.created = r.updated = e.closed;
      journal.insert_review(r);
    }
    if (rng.chance(0.3)) {
      leadlab::Comment c;
      c.uuid = rng.uuid();
      c.experiment_id = e.id;
      c.author = "Ben (coach)";
      c.text = rng.sentence(15);
      c.created = c.updated = stamp(start + std::chrono::days(span_days / 2), n);
      journal.insert_comment(c);
    }
  }
  tx.commit();
  std::cout << "made " << experiments << " experiments and " << made << " entries in " << path
            << "\n";
  return 0;
}
