#!/usr/bin/env python3
"""Checks every relative link in the repository's Markdown files: the file must exist and, for a
link into a Markdown file with #anchor, a heading of that file must have that GitHub anchor.

Usage: python3 tools/check_links.py [ROOT]   (exit 1 and one line per broken link when any is)
"""
import os
import re
import sys

# Pages that other work generates or writes; a link to one is reported, not failed, until it exists.
PENDING = {"docs/configuration.md", "docs/architecture-map.md"}

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*```")


def markdown_files(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("target", "node_modules")]
        for name in files:
            if name.endswith(".md"):
                yield os.path.join(folder, name)


def prose_lines(path):
    """The lines outside fenced code blocks, with inline code spans removed."""
    inside = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if FENCE.match(line):
                inside = not inside
                continue
            if not inside:
                yield number, re.sub(r"`[^`]*`", "", line)


def anchor(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"`", "", heading.strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found, seen = set(), {}
    inside = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if FENCE.match(line):
                inside = not inside
                continue
            m = None if inside else re.match(r"^#{1,6}\s+(.*)$", line)
            if m:
                a = anchor(m.group(1))
                n = seen.get(a, 0)
                seen[a] = n + 1
                found.add(a if n == 0 else f"{a}-{n}")
    return found


def check(root):
    broken, pending = [], []
    for path in sorted(markdown_files(root)):
        for number, line in prose_lines(path):
            for m in LINK.finditer(line):
                target = m.group(1) or m.group(2)
                if re.match(r"^[a-z]+:", target) or target.startswith("//"):
                    continue
                file_part, _, fragment = target.partition("#")
                resolved = (
                    os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
                )
                where = f"{os.path.relpath(path, root)}:{number}: {target}"
                relative = os.path.relpath(resolved, root)
                if not os.path.exists(resolved):
                    (pending if relative in PENDING else broken).append(where)
                elif fragment and resolved.endswith(".md") and fragment not in anchors(resolved):
                    broken.append(where + " (no such heading)")
    return broken, pending


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    broken, pending = check(root)
    for p in pending:
        print(f"pending (written elsewhere): {p}")
    for b in broken:
        print(f"broken: {b}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
