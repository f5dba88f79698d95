// privacy.h — masking of personal numbers in notice text (DESIGN §4 privacy).
//
// Applied twice: at publish time (gongkai-publish add-notice) and again at display time (the
// store's read API), so a feed produced by another tool cannot show a full number either.
//   ID card (18 digits, last may be X; or old 15 digits)  110105199003071234 → 110105********1234
//   Mobile (11 digits starting 13–19)                      13912345678 → 139****5678
// Numbers embedded in longer digit runs (account numbers, 文号 digits) are left alone.
#pragma once

#include <string>
#include <string_view>

namespace gongkai {

struct MaskResult {
  std::string text;
  int id_cards = 0;  // how many ID-card numbers were masked
  int mobiles = 0;   // how many mobile numbers were masked
};

MaskResult mask_personal_numbers(std::string_view text);

}  // namespace gongkai
