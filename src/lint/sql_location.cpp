#include "sql_location.hpp"

#include <algorithm>

namespace zdm::lint {

namespace {

size_t indentation(const std::string& line) {
  const size_t first = line.find_first_not_of(' ');
  return first == std::string::npos ? line.size() : first;
}

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

std::string trimmed(const std::string& line) {
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string::npos)
    return "";
  const size_t last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

}  // namespace

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

ValueLocator::ValueLocator(const std::string& plan_text, plan::SourceLocation at,
                           const std::string& value)
    : at_(at) {
  const auto lines = split_lines(plan_text);
  if (!at.known() || static_cast<size_t>(at.line) > lines.size())
    return;
  const std::string& first = lines[static_cast<size_t>(at.line - 1)];
  const size_t column = static_cast<size_t>(at.column - 1);
  if (column < first.size() && (first[column] == '|' || first[column] == '>'))
    block_scalar(lines, value);
  else
    flow_scalar(lines, value);
}

// The content lines follow the indicator, indented deeper than its line; each appears in
// the value verbatim (folding only turns line breaks into spaces).
void ValueLocator::block_scalar(const std::vector<std::string>& lines, const std::string& value) {
  const size_t parent = indentation(lines[static_cast<size_t>(at_.line - 1)]);
  size_t cursor = 0;
  for (size_t i = static_cast<size_t>(at_.line); i < lines.size(); ++i) {
    if (blank(lines[i]))
      continue;
    const size_t indent = indentation(lines[i]);
    if (indent <= parent)
      break;
    const std::string text = trimmed(lines[i]);
    const size_t found = value.find(text, cursor);
    if (found == std::string::npos)
      continue;
    segments_.push_back(
        {found, text.size(), {static_cast<int>(i + 1), static_cast<int>(indent + 1)}});
    cursor = found + text.size();
  }
}

// A quoted or plain scalar: its first part starts after the opening quote; lines that
// continue it are found in the value in order.
void ValueLocator::flow_scalar(const std::vector<std::string>& lines, const std::string& value) {
  const std::string& first = lines[static_cast<size_t>(at_.line - 1)];
  const size_t column = static_cast<size_t>(at_.column - 1);
  const bool quoted = column < first.size() && (first[column] == '"' || first[column] == '\'');
  const size_t start = column + (quoted ? 1 : 0);
  const size_t first_length = start < first.size() ? first.size() - start : 0;
  segments_.push_back({0, first_length, {at_.line, static_cast<int>(start + 1)}});
  const size_t parent = indentation(first);
  size_t cursor = std::min(first_length, value.size());
  for (size_t i = static_cast<size_t>(at_.line); i < lines.size(); ++i) {
    if (blank(lines[i]))
      continue;
    if (indentation(lines[i]) <= parent)
      break;
    const std::string text = trimmed(lines[i]);
    const size_t found = value.find(text, cursor > 0 ? cursor - 1 : 0);
    if (found == std::string::npos)
      break;
    segments_.push_back({found,
                         text.size(),
                         {static_cast<int>(i + 1), static_cast<int>(indentation(lines[i]) + 1)}});
    cursor = found + text.size();
  }
}

plan::SourceLocation ValueLocator::locate(size_t offset) const {
  const Segment* best = nullptr;
  for (const auto& segment : segments_) {
    if (segment.offset <= offset)
      best = &segment;
  }
  if (best == nullptr)
    return at_;
  const size_t within = std::min(offset - best->offset, best->length > 0 ? best->length - 1 : 0);
  return {best->at.line, best->at.column + static_cast<int>(within)};
}

}  // namespace zdm::lint
