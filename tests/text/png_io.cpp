// png_io.cpp — libpng's simplified API (png_image_*) for RGBA PNGs; see png_io.h.
#include "png_io.h"

#include <png.h>

namespace gongkai::text::testing {

std::string write_png(const std::string& path, const Image& image) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  png.width = static_cast<png_uint_32>(image.width);
  png.height = static_cast<png_uint_32>(image.height);
  png.format = PNG_FORMAT_RGBA;
  std::vector<uint8_t> rgba;
  rgba.reserve(image.argb.size() * 4);
  for (uint32_t p : image.argb) {
    rgba.push_back(static_cast<uint8_t>(p >> 16));
    rgba.push_back(static_cast<uint8_t>(p >> 8));
    rgba.push_back(static_cast<uint8_t>(p));
    rgba.push_back(static_cast<uint8_t>(p >> 24));
  }
  if (png_image_write_to_file(&png, path.c_str(), 0, rgba.data(), 0, nullptr) == 0) {
    return std::string("cannot write PNG ") + path + ": " + png.message;
  }
  return "";
}

std::string read_png(const std::string& path, Image* image) {
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&png, path.c_str()) == 0) {
    return std::string("cannot read PNG ") + path + ": " + png.message;
  }
  png.format = PNG_FORMAT_RGBA;
  std::vector<uint8_t> rgba(PNG_IMAGE_SIZE(png));
  if (png_image_finish_read(&png, nullptr, rgba.data(), 0, nullptr) == 0) {
    png_image_free(&png);
    return std::string("cannot decode PNG ") + path + ": " + png.message;
  }
  image->width = static_cast<int>(png.width);
  image->height = static_cast<int>(png.height);
  image->argb.resize(static_cast<size_t>(image->width) * image->height);
  for (size_t i = 0; i < image->argb.size(); ++i) {
    image->argb[i] = (uint32_t{rgba[4 * i + 3]} << 24) | (uint32_t{rgba[4 * i]} << 16) |
                     (uint32_t{rgba[4 * i + 1]} << 8) | rgba[4 * i + 2];
  }
  return "";
}

}  // namespace gongkai::text::testing
