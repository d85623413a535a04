import { notFound } from "next/navigation";

// Unknown URLs inside the portal render the 404 within the navigation rather than bare.
export default function Missing() {
  notFound();
}
