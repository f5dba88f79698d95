// png_io.cpp — libpng simplified API (png_image_*), which owns no state beyond the png_image it
// frees itself on error or on png_image_free.
#include "app/png_io.h"

#include <png.h>

#include <cstring>

namespace gongkai::kiosk {

bool write_png(const std::string& path, const RgbaImage& image, std::string* error) {
  png_image p;
  std::memset(&p, 0, sizeof p);
  p.version = PNG_IMAGE_VERSION;
  p.width = static_cast<png_uint_32>(image.width);
  p.height = static_cast<png_uint_32>(image.height);
  p.format = PNG_FORMAT_RGBA;
  if (!png_image_write_to_file(&p, path.c_str(), 0, image.pixels.data(), 0, nullptr)) {
    if (error) *error = std::string("cannot write PNG / 无法写入 PNG: ") + p.message;
    png_image_free(&p);
    return false;
  }
  return true;
}

std::optional<RgbaImage> decode_png(const std::vector<uint8_t>& bytes) {
  png_image p;
  std::memset(&p, 0, sizeof p);
  p.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&p, bytes.data(), bytes.size())) return std::nullopt;
  if (static_cast<uint64_t>(p.width) * p.height > kMaxImagePixels || p.width == 0) {
    png_image_free(&p);
    return std::nullopt;
  }
  p.format = PNG_FORMAT_RGBA;
  RgbaImage img;
  img.width = static_cast<int>(p.width);
  img.height = static_cast<int>(p.height);
  img.pixels.resize(PNG_IMAGE_SIZE(p));
  if (!png_image_finish_read(&p, nullptr, img.pixels.data(), 0, nullptr)) {
    png_image_free(&p);
    return std::nullopt;
  }
  return img;
}

}  // namespace gongkai::kiosk
