import { withCheckDigit } from "../../src/lib/barcodes.ts";
import { reversedDigits } from "../../src/lib/phone.ts";
import { hash01 } from "./prng.ts";

/**
 * Row attributes as pure functions of (seed, id), so a bill line can copy a
 * product's name and price without the product table in memory.
 */

const BRANDS = [
  "Tata",
  "Amul",
  "Aashirvaad",
  "Fortune",
  "Britannia",
  "Parle",
  "Haldiram's",
  "MDH",
  "Everest",
  "Dabur",
  "Patanjali",
  "Nestle",
  "Surf",
  "Colgate",
  "Lifebuoy",
  "Dettol",
  "Maggi",
  "Kissan",
  "Saffola",
  "Mother Dairy",
  "Real",
  "Bru",
  "Red Label",
  "Vim",
];
const ITEMS = [
  "Salt",
  "Atta",
  "Basmati Rice",
  "Toor Dal",
  "Moong Dal",
  "Sugar",
  "Tea",
  "Coffee",
  "Biscuits",
  "Namkeen",
  "Ghee",
  "Butter",
  "Paneer",
  "Milk",
  "Curd",
  "Soap",
  "Shampoo",
  "Toothpaste",
  "Detergent",
  "Sunflower Oil",
  "Mustard Oil",
  "Jam",
  "Ketchup",
  "Noodles",
  "Garam Masala",
  "Turmeric",
  "Chilli Powder",
  "Juice",
  "Dishwash Bar",
  "Besan",
];
const SIZES = [
  "50 g",
  "100 g",
  "200 g",
  "500 g",
  "1 kg",
  "5 kg",
  "200 ml",
  "500 ml",
  "1 l",
  "Pack of 4",
  "Family Pack",
  "Value Pack",
];
const CATEGORIES = [
  "Staples",
  "Dairy",
  "Snacks",
  "Beverages",
  "Personal Care",
  "Household",
  "Spices",
  "Packaged Food",
];
const LOOSE = ["Onion", "Potato", "Tomato", "Rice (loose)", "Sugar (loose)", "Wheat", "Jaggery"];
const OILS = ["Groundnut Oil (loose)", "Coconut Oil (loose)", "Sesame Oil (loose)"];
const HSN = [
  "1006",
  "1101",
  "0713",
  "1701",
  "0902",
  "0901",
  "1905",
  "2106",
  "0405",
  "3401",
  "3305",
  "3306",
  "3402",
  "1512",
  "2007",
  "1902",
  "0910",
];
const GST = [0, 500, 500, 500, 1800, 1800, 1800, 1800, 4000, 0];

export const FIRST_NAMES = [
  "Aarav",
  "Vivaan",
  "Aditya",
  "Vihaan",
  "Arjun",
  "Sai",
  "Reyansh",
  "Ananya",
  "Diya",
  "Priya",
  "Kavya",
  "Ishita",
  "Lakshmi",
  "Meena",
  "Ramesh",
  "Suresh",
  "Mahesh",
  "Ganesh",
  "Sunita",
  "Anita",
  "Farhan",
  "Zoya",
  "Imran",
  "Harpreet",
  "Gurpreet",
  "Joseph",
  "Mary",
  "Deepak",
  "Pooja",
  "Neha",
  "Rahul",
  "Rohit",
  "Sneha",
  "Asha",
  "Kiran",
];
export const LAST_NAMES = [
  "Sharma",
  "Verma",
  "Iyer",
  "Nair",
  "Reddy",
  "Patel",
  "Shah",
  "Khan",
  "Singh",
  "Kaur",
  "Gupta",
  "Agarwal",
  "Das",
  "Banerjee",
  "Mukherjee",
  "Rao",
  "Naidu",
  "Pillai",
  "Menon",
  "Joshi",
  "Kulkarni",
  "Deshpande",
  "Chopra",
  "Mehta",
  "D'Souza",
  "Fernandes",
  "Kumar",
];

export interface ProductAttrs {
  code: string;
  name: string;
  category: string;
  price: number;
  gstRate: number;
  hsn: string;
  unit: "pc" | "kg" | "l";
}

const at = <T>(list: readonly T[], u: number): T => list[Math.floor(u * list.length)] as T;

/** EAN-13 in India's GS1 prefix 890, unique per id. */
export function productCode(id: number): string {
  return withCheckDigit(`890${String(id).padStart(9, "0")}`);
}

export function productAttrs(seed: number, id: number): ProductAttrs {
  const u = (salt: number) => hash01(seed, id, salt);
  const kind = u(1);
  const unit = kind < 0.04 ? "kg" : kind < 0.05 ? "l" : "pc";
  // Prices log-uniform ₹5 … ₹800 per piece; loose goods ₹20 … ₹300 per kg/l.
  const price =
    unit === "pc"
      ? Math.round(500 * 160 ** u(2)) // 500 … 80,000 paise
      : Math.round(2000 * 15 ** u(2));
  const name =
    unit === "kg"
      ? `${at(LOOSE, u(3))} #${id}`
      : unit === "l"
        ? `${at(OILS, u(3))} #${id}`
        : `${at(BRANDS, u(3))} ${at(ITEMS, u(4))} ${at(SIZES, u(5))} #${id}`;
  return {
    code: productCode(id),
    name,
    category: unit === "pc" ? at(CATEGORIES, u(6)) : "Loose",
    price,
    gstRate: unit === "pc" ? at(GST, u(7)) : 0,
    hsn: at(HSN, u(8)),
    unit,
  };
}

export interface CustomerAttrs {
  name: string;
  phone: string;
  phoneRev: string;
  email: string | null;
}

/** Unique Indian mobile numbers: 98 + a bijection of the id onto 8 digits. */
export function customerPhone(seed: number, id: number): string {
  const n = (id * 48271 + (seed % 1000)) % 100_000_000;
  return `+9198${String(n).padStart(8, "0")}`;
}

export function customerAttrs(seed: number, id: number): CustomerAttrs {
  const u = (salt: number) => hash01(seed, id, 100 + salt);
  const first = at(FIRST_NAMES, u(1));
  const last = at(LAST_NAMES, u(2));
  const phone = customerPhone(seed, id);
  return {
    name: `${first} ${last}`,
    phone,
    phoneRev: reversedDigits(phone),
    email: u(3) < 0.3 ? `${first.toLowerCase()}.${id}@example.in` : null,
  };
}
