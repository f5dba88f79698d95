// qr.h — a QR code for an item's or notice's URL (issue #4: "take an item away by QR code"),
// via libqrencode. Input: UTF-8 text. Output: a square module matrix (true = dark) without the
// quiet zone; the drawer adds a 4-module white margin (ISO/IEC 18004 §7.3.7).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gongkai::kiosk {

inline constexpr int kQrQuietZoneModules = 4;

struct QrMatrix {
  int size = 0;            // modules per side
  std::vector<bool> dark;  // row-major, size × size
  bool at(int x, int y) const { return dark[static_cast<size_t>(y * size + x)]; }
};

// Error correction level M (15 %): survives a scratched or glare-hit screen photo. nullopt when
// the text is empty or too long for any QR version.
std::optional<QrMatrix> make_qr(const std::string& text);

}  // namespace gongkai::kiosk
