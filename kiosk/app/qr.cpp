// qr.cpp — libqrencode → QrMatrix, with the QRcode* held by a unique_ptr (RAII for C handles).
#include "app/qr.h"

#include <qrencode.h>

#include <memory>

namespace gongkai::kiosk {

std::optional<QrMatrix> make_qr(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return std::nullopt;
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size * m.size));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

}  // namespace gongkai::kiosk
