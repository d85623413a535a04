"use client";

export { SegmentError as default } from "../_components/segment-error";
