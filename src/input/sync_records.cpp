#include "leadlab/input/sync_records.hpp"

// RapidJSON 1.1.0's stack computes `stackTop_ + n` while still null: skipped by clang's
// sanitizer inside RapidJSON's functions only, as in bundle_events.cpp, which says why.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "leadlab/model/bundle.hpp"
#include "leadlab/model/error.hpp"

namespace leadlab {
namespace {

std::string json_text(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string member_text(const rapidjson::Value& object, const char* key) {
  const auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString()
             ? std::string(it->value.GetString(), it->value.GetStringLength())
             : std::string();
}

// The kinds of records an experiment holds, by the key of their array.
const std::map<std::string, std::string>& child_kinds() {
  static const std::map<std::string, std::string> kinds{
      {"metrics", "metric"}, {"entries", "entry"}, {"reviews", "review"}, {"comments", "comment"}};
  return kinds;
}

void quote(std::string& out, const std::string& text);

// The fields of a kind of record merged as one (sync_records.hpp): the field's name, and
// the fields it holds.
struct FieldGroup {
  std::string name;
  std::set<std::string> members;
};
const FieldGroup* field_group(const std::string& kind) {
  static const std::map<std::string, FieldGroup> groups{
      {"experiment",
       {"status", {"status", "baseline_start", "test_start", "closed", "random_start"}}},
      {"entry", {"as_planned", {"as_planned", "deviation"}}}};
  const auto it = groups.find(kind);
  return it == groups.end() ? nullptr : &it->second;
}

FieldRecord record_of(const rapidjson::Value& object, std::string kind, std::string parent) {
  FieldRecord r;
  r.kind = std::move(kind);
  r.parent = std::move(parent);
  r.updated = member_text(object, "updated");
  const FieldGroup* group = field_group(r.kind);
  std::map<std::string, std::string> grouped;
  for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
    const std::string key(m->name.GetString(), m->name.GetStringLength());
    if (key == "uuid" || key == "updated" || child_kinds().count(key) != 0) continue;
    if (group != nullptr && group->members.count(key) != 0) {
      grouped[key] = json_text(m->value);
    } else {
      r.fields[key] = json_text(m->value);
    }
  }
  if (!grouped.empty()) {
    std::string text = "{";
    for (const auto& [key, value] : grouped) {
      if (text.size() > 1) text += ',';
      quote(text, key);
      text += ':' + value;
    }
    r.fields[group->name] = text + "}";
  }
  return r;
}

// A field's JSON text as it sorts: a string's text is its value in quotes, which sorts as
// the value does for dates, times and timestamps.
const std::string& field(const FieldRecord& r, const char* key) {
  static const std::string none;
  const auto it = r.fields.find(key);
  return it == r.fields.end() ? none : it->second;
}

void quote(std::string& out, const std::string& text) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  out.append(buffer.GetString(), buffer.GetSize());
}

void append_record(
    std::string& out, const std::string& uuid, const FieldRecord& r,
    const std::vector<
        std::pair<std::string, std::vector<const std::pair<const std::string, FieldRecord>*>>>&
        children) {
  out += "{\"uuid\":";
  quote(out, uuid);
  out += ",\"updated\":";
  quote(out, r.updated);
  const FieldGroup* group = field_group(r.kind);
  for (const auto& [key, text] : r.fields) {
    if (r.kind == "metric" && key == "position") continue;
    if (group != nullptr && key == group->name && !text.empty() && text.front() == '{') {
      rapidjson::Document members;  // the fields merged as one, each written again
      members.Parse(text.data(), text.size());
      if (members.HasParseError() || !members.IsObject())
        throw UsageError("a merged record could not be written as a bundle again");
      for (auto m = members.MemberBegin(); m != members.MemberEnd(); ++m) {
        out += ',';
        quote(out, std::string(m->name.GetString(), m->name.GetStringLength()));
        out += ':' + json_text(m->value);
      }
      continue;
    }
    out += ',';
    quote(out, key);
    out += ':';
    out += text;
  }
  for (const auto& [key, list] : children) {
    out += ',';
    quote(out, key);
    out += ":[";
    bool first = true;
    for (const auto* child : list) {
      if (!first) out += ',';
      first = false;
      append_record(out, child->first, child->second, {});
    }
    out += ']';
  }
  out += '}';
}

}  // namespace

RecordSet bundle_records(std::string_view bundle_text) {
  rapidjson::Document doc;
  doc.Parse(bundle_text.data(), bundle_text.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("experiments") ||
      !doc["experiments"].IsArray()) {
    throw UsageError("a bundle that was checked could not be read again as records");
  }
  RecordSet records;
  for (const auto& e : doc["experiments"].GetArray()) {
    const std::string uuid = member_text(e, "uuid");
    records[uuid] = record_of(e, "experiment", "");
    for (const auto& [key, kind] : child_kinds()) {
      const auto list = e.FindMember(key.c_str());
      if (list == e.MemberEnd() || !list->value.IsArray()) continue;
      int position = 0;
      for (const auto& child : list->value.GetArray()) {
        FieldRecord r = record_of(child, kind, uuid);
        if (kind == "metric") r.fields["position"] = std::to_string(position++);
        records[member_text(child, "uuid")] = std::move(r);
      }
    }
  }
  return records;
}

std::string records_bundle_text(const RecordSet& records,
                                const std::vector<std::string>& experiment_uuids,
                                const std::string& owner) {
  using Item = const std::pair<const std::string, FieldRecord>*;
  std::map<std::string, std::map<std::string, std::vector<Item>>> children;  // parent, kind
  for (const auto& item : records)
    if (!item.second.parent.empty())
      children[item.second.parent][item.second.kind].push_back(&item);
  std::string out = "{\"format\":";
  quote(out, kBundleFormatName);
  out += ",\"version\":" + std::to_string(kBundleVersion) + ",\"kind\":\"full\",\"owner\":";
  quote(out, owner);
  out += ",\"without\":[],\"experiments\":[";
  bool first = true;
  for (const std::string& uuid : experiment_uuids) {
    const auto it = records.find(uuid);
    if (it == records.end() || it->second.kind != "experiment") continue;
    if (!first) out += ',';
    first = false;
    auto& mine = children[uuid];
    const auto by = [](auto key) { return [key](Item a, Item b) { return key(*a) < key(*b); }; };
    std::sort(mine["metric"].begin(), mine["metric"].end(), by([](const auto& i) {
                const std::string& p = field(i.second, "position");
                return std::make_tuple(p.size(), p, i.first);
              }));
    std::sort(mine["entry"].begin(), mine["entry"].end(), by([](const auto& i) {
                return std::make_tuple(field(i.second, "date"), field(i.second, "time"),
                                       field(i.second, "created"), i.first);
              }));
    for (const char* kind : {"review", "comment"})
      std::sort(mine[kind].begin(), mine[kind].end(), by([](const auto& i) {
                  return std::make_tuple(field(i.second, "created"), i.first);
                }));
    append_record(out, uuid, it->second,
                  {{"metrics", mine["metric"]},
                   {"entries", mine["entry"]},
                   {"reviews", mine["review"]},
                   {"comments", mine["comment"]}});
  }
  out += "],\"tombstones\":[]}";
  return out;
}

std::string sync_format_text(const std::string& owner) {
  std::string out = "{\n  \"format\": \"leadlab sync\",\n  \"owner\": ";
  quote(out, owner);
  out += ",\n  \"version\": " + std::to_string(kSyncFormatVersion) + "\n}\n";
  return out;
}

std::string read_sync_format(std::string_view text, const std::string& file) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject() || member_text(doc, "format") != "leadlab sync" ||
      !doc.HasMember("version") || !doc["version"].IsInt() || !doc.HasMember("owner") ||
      !doc["owner"].IsString()) {
    throw UsageError(file +
                         ": this is not a leadlab journal's repository (its format file is "
                         "not leadlab's)",
                     "sync with the repository leadlab made (`leadlab sync init`)");
  }
  const int version = doc["version"].GetInt();
  if (version > kSyncFormatVersion || version < 1) {
    throw UsageError(file + ": the repository is in sync format " + std::to_string(version) +
                         "; this leadlab reads format " + std::to_string(kSyncFormatVersion),
                     "update leadlab on this device, then sync again");
  }
  return member_text(doc, "owner");
}

}  // namespace leadlab
