// png_io.h — write and read 8-bit RGBA PNG files with libpng, for the test page screenshot
// (gongkai-textpage writes it, text_page_test reads it back).
//
// Pixels are 0xAARRGGBB (SDL_PIXELFORMAT_ARGB8888 as read by SDL_RenderReadPixels), row-major.
// Errors are returned as a message ("" = success); libpng's longjmp never leaves these functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gongkai::text::testing {

struct Image {
  int width = 0, height = 0;
  std::vector<uint32_t> argb;  // width × height, 0xAARRGGBB
};

// Writes image to path as an RGBA PNG. Returns "" or what failed.
std::string write_png(const std::string& path, const Image& image);
// Reads an 8-bit RGB/RGBA PNG (as write_png writes) into image. Returns "" or what failed.
std::string read_png(const std::string& path, Image* image);

}  // namespace gongkai::text::testing
