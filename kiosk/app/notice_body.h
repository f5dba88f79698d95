// notice_body.h — a notice body (the simple Markdown of DESIGN §4) → display blocks.
//
// Input: UTF-8 body text. Output: blocks in order — headings (#, ##, ###), paragraphs (consecutive
// lines joined without a separator, since Chinese has no inter-word spaces), list items ("- ",
// "* ", "1. "), tables ("| a | b |" rows; the "|---|" rule row is dropped; the first row is the
// header) and images ("![caption](name)" alone on a line). Inline emphasis markers (**, __) are
// removed: the text engine draws one style per paragraph and the words stay. Text is never
// normalized.
//
// Invariants: no block has empty text except Image (caption may be empty) and Table (rows ≥ 1);
// every table row has the same number of cells as the widest row (short rows are padded).
#pragma once

#include <string>
#include <vector>

namespace gongkai::kiosk {

struct BodyBlock {
  enum class Kind { Heading, Paragraph, ListItem, Table, Image };
  Kind kind = Kind::Paragraph;
  int level = 0;                               // Heading: 1..3
  std::string text;                            // Heading/Paragraph/ListItem text; Image caption
  std::string marker;                          // ListItem: "1." or "•"
  std::string image;                           // Image: the referenced name ("images/x.png")
  std::vector<std::vector<std::string>> rows;  // Table: rows of cells, first = header
};

std::vector<BodyBlock> parse_notice_body(const std::string& body);
std::string strip_emphasis(const std::string& s);

}  // namespace gongkai::kiosk
