export interface ProductProps {
  id: string;
  name: string;
  description: string | null;
  imageUrl: string | null;
  priceCents: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Something a retailer sells; a flash sale offers a limited stock of it at a sale price. */
export class Product {
  constructor(readonly props: Readonly<ProductProps>) {}

  get id(): string {
    return this.props.id;
  }
}

export type NewProduct = Omit<ProductProps, 'id' | 'createdAt' | 'updatedAt'>;
export type ProductChanges = Partial<NewProduct>;
