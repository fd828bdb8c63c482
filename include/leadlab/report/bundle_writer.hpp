// Writing a bundle (the format is docs/bundle.md) as it is read, one experiment at a time.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "leadlab/model/bundle.hpp"

namespace leadlab {

// Writes a bundle to a stream as a BundleSink receives it, so that memory holds one
// experiment however large the journal. Deterministic: the same records give the same
// bytes (the header, then experiments in the order given, then tombstones; keys sorted
// within a record; 2-space indent). The bundle is complete once tombstones() was called.
class BundleWriter final : public BundleSink {
 public:
  explicit BundleWriter(std::ostream& out) : out_(out) {}

  // Writes the header: the format, version, kind ("full" | "comments"), owner and what a
  // partial bundle leaves out ("without").
  void header(const std::string& kind, const std::string& owner,
              const BundleOmits& without) override;
  // Writes one experiment: in full, or in a bundle of kind "comments" its uuid, title and
  // comments.
  void experiment(const BundleExperiment& experiment) override;
  // Writes the tombstones and ends the bundle.
  void tombstones(const std::vector<Tombstone>& tombstones) override;

 private:
  std::ostream& out_;
  bool comments_only_ = false;
  bool first_ = true;  // no experiment written yet
};

}  // namespace leadlab
