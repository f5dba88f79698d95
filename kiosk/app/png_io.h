// png_io.h — PNG files for screenshots (--screenshot) and PNG attachments (notice images), via
// libpng's simplified API. Input/Output: 8-bit RGBA pixels, row-major, no padding.
// Decoding is bounded (kMaxImagePixels) so a hostile attachment cannot exhaust memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::kiosk {

inline constexpr uint32_t kMaxImagePixels = 16u * 1024u * 1024u;  // 16 Mpx = 64 MiB RGBA

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width × height × 4
};

// Writes pixels as an RGBA PNG; false with *error set on failure.
bool write_png(const std::string& path, const RgbaImage& image, std::string* error);
// Decodes PNG bytes; nullopt for anything that is not a PNG within the size limit.
std::optional<RgbaImage> decode_png(const std::vector<uint8_t>& bytes);

}  // namespace gongkai::kiosk
