// Small helpers for reading the Partition Manager's YAML files
// (partitions.yml, pm.yml, pm_static.yml) with file:line in every error.
#pragma once

#include "sim/common/input_error.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sim::yaml_input {

inline unsigned line_of(const YAML::Node& node) {
    return node.Mark().is_null() ? 0 : static_cast<unsigned>(node.Mark().line + 1);
}

[[noreturn]] inline void fail(const std::string& file, const YAML::Node& node, const std::string& what) {
    unsigned column = node.Mark().is_null() ? 0 : static_cast<unsigned>(node.Mark().column + 1);
    throw input_error(file, line_of(node), column, what);
}

// The document in `text`; a syntax error becomes input_error(file:line).
inline YAML::Node load(const std::string& file, const std::string& text) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw input_error(file, e.mark.is_null() ? 0 : static_cast<unsigned>(e.mark.line + 1), 0, e.msg);
    }
}

// `node` if it is a mapping. Index only nodes checked so: yaml-cpp throws
// BadSubscript, not an error with a position, for node["key"] on a scalar.
inline const YAML::Node& mapping(const std::string& file, const YAML::Node& node, const std::string& what) {
    if (!node.IsMap()) fail(file, node, what + ": expected a mapping");
    return node;
}

// A scalar: a name, a region, a key of a mapping.
inline std::string text(const std::string& file, const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar()) fail(file, node, "expected " + what + " (a single value)");
    return node.Scalar();
}

// A non-negative integer written in decimal or 0x hex.
inline std::uint64_t number(const std::string& file, const YAML::Node& node, const std::string& what) {
    if (!node.IsScalar()) fail(file, node, "expected " + what + " (a number)");
    const std::string& text = node.Scalar();
    try {
        size_t used = 0;
        std::uint64_t value = std::stoull(text, &used, 0);
        if (used == text.size() && text[0] != '-') return value;
    } catch (const std::exception&) {
    }
    fail(file, node, "expected " + what + " (decimal or 0x hex), got \"" + text + "\"");
}

// A name or a list of names; {one_of: [...]} is kept as "one_of:a,b" for the
// caller to resolve against the partitions that exist.
inline std::vector<std::string> names(const std::string& file, const YAML::Node& node, const std::string& what) {
    std::vector<std::string> out;
    auto one = [&](const YAML::Node& item) {
        if (item.IsScalar()) {
            out.push_back(item.Scalar());
        } else if (item.IsMap() && item["one_of"]) {
            std::string choice = "one_of:";
            for (const std::string& name : names(file, item["one_of"], "one_of"))
                choice += (choice.back() == ':' ? "" : ",") + name;
            out.push_back(choice);
        } else {
            fail(file, item, "expected a partition name in " + what);
        }
    };
    if (node.IsSequence()) {
        for (const YAML::Node& item : node) one(item);
    } else {
        one(node);
    }
    return out;
}

}  // namespace sim::yaml_input
